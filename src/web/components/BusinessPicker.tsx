/**
 * Picks a business by typing part of its name, フリガナ or code: ひらがな, カタカナ, 半角カナ and
 * spaces all match (the server compares them in one form). The first match is highlighted as
 * the results arrive, so typing and Enter picks it; ↑↓ move, Esc closes. Empty: no business.
 */
import { Badge, Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { forwardRef, useEffect, useState } from 'react';
import type { BusinessListBody, BusinessSummary } from '../../http/schemas/businesses.js';
import { getJson } from '../api.js';

export interface PickedBusiness {
  id: number;
  code: string;
  name: string;
}

interface BusinessPickerProps {
  chamber: string;
  value: PickedBusiness | null;
  onChange(value: PickedBusiness | null): void;
  error?: string | undefined;
  label?: string;
  description?: string;
  autoFocus?: boolean;
}

export const businessLabel = (b: PickedBusiness) => `${b.name}（${b.code}）`;

export const BusinessPicker = forwardRef<HTMLInputElement, BusinessPickerProps>(function BusinessPicker(
  { chamber, value, onChange, error, label = '事業者', description, autoFocus },
  ref,
) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [search, setSearch] = useState(value ? businessLabel(value) : '');
  const [typed] = useDebouncedValue(search, 120);
  // The label of the picked business is not a search.
  const query = value && typed === businessLabel(value) ? '' : typed.trim();
  const results = useQuery({
    queryKey: ['business-search', chamber, query],
    queryFn: () =>
      getJson<BusinessListBody>(`/api/v1/chambers/${encodeURIComponent(chamber)}/businesses?q=${encodeURIComponent(query)}&limit=15`),
    enabled: query !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options: BusinessSummary[] = query === '' ? [] : (results.data?.businesses ?? []);

  // A value set from outside (a record opened for editing, the form cleared) shows as its label.
  useEffect(() => setSearch(value ? businessLabel(value) : ''), [value]);
  // The first match is the one Enter picks, once the matches for what was typed are here.
  useEffect(() => {
    if (options.length > 0 && combobox.dropdownOpened) combobox.selectFirstOption();
  }, [options, combobox]);

  return (
    <Combobox
      store={combobox}
      width={440}
      position="bottom-start"
      onOptionSubmit={(id) => {
        const picked = options.find((b) => String(b.id) === id);
        if (picked) {
          onChange({ id: picked.id, code: picked.code, name: picked.name });
          setSearch(businessLabel(picked));
        }
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <TextInput
          ref={ref}
          label={label}
          description={description}
          placeholder="名前・フリガナ・コードの一部（例: ﾀｶﾊｼ、たかはし）"
          value={search}
          error={error}
          autoComplete="off"
          autoFocus={autoFocus}
          rightSection={results.isFetching ? <Loader size={14} /> : null}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            if (value) onChange(null);
            combobox.openDropdown();
          }}
          onFocus={() => {
            if (!value && search.trim() !== '') combobox.openDropdown();
          }}
          onBlur={() => {
            combobox.closeDropdown();
            if (!value) setSearch('');
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={query === ''}>
        <Combobox.Options mah={320} style={{ overflowY: 'auto' }}>
          {options.map((b) => (
            <Combobox.Option value={String(b.id)} key={b.id}>
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <div>
                  <Text size="sm">{b.name}</Text>
                  <Text size="xs" c="dimmed">
                    {b.code}
                    {b.kana ? `　${b.kana}` : ''}
                    {b.industry ? `　${b.industry}` : ''}
                    {b.district ? `　${b.district}` : ''}
                  </Text>
                </div>
                {!b.member && (
                  <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                    非会員
                  </Badge>
                )}
              </Group>
            </Combobox.Option>
          ))}
          {options.length === 0 && !results.isFetching && <Combobox.Empty>見つかりません</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
});
