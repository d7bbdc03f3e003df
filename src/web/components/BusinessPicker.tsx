/**
 * Picks a business by typing part of its name, フリガナ or code: ひらがな, カタカナ, 半角カナ and
 * spaces all match (the server compares them in one form). The first match is highlighted as
 * the results arrive, so typing and Enter picks it; ↑↓ move, Esc closes. Empty: no business.
 *
 * With `clearOnPick` it adds businesses one after another (イベントの参加事業者): the field empties
 * after each pick, ready for the next, and Enter with text typed but nothing picked yet does not
 * submit the form.
 */
import { Badge, Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { forwardRef, useEffect, useRef, useState } from 'react';
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
  clearOnPick?: boolean;
  /** Marked as required (the form checks it). */
  withAsterisk?: boolean;
  /** Label, input, description, error: where the description goes (below keeps a row of fields aligned). */
  inputWrapperOrder?: ('label' | 'input' | 'description' | 'error')[];
}

export const businessLabel = (b: PickedBusiness) => `${b.name}（${b.code}）`;

export const BusinessPicker = forwardRef<HTMLInputElement, BusinessPickerProps>(function BusinessPicker(
  { chamber, value, onChange, error, label = '事業者', description, autoFocus, clearOnPick = false, withAsterisk, inputWrapperOrder },
  ref,
) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [search, setSearch] = useState(value ? businessLabel(value) : '');
  const [typed] = useDebouncedValue(search, 120);
  // The label of the picked business is not a search.
  const query = search.trim() === '' || (value && typed === businessLabel(value)) ? '' : typed.trim();
  const results = useQuery({
    queryKey: ['business-search', chamber, query],
    queryFn: () =>
      getJson<BusinessListBody>(`/api/v1/chambers/${encodeURIComponent(chamber)}/businesses?q=${encodeURIComponent(query)}&limit=15`),
    enabled: query !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  // The matches of an earlier search (kept while the next loads) are not shown: Enter must never pick them.
  const options: BusinessSummary[] = query === '' || results.isPlaceholderData ? [] : (results.data?.businesses ?? []);
  // Enter pressed before the matches of what was typed arrived: the first of them is picked
  // when they come, and the form is not sent without its business meanwhile.
  const pickWhenFound = useRef<string | null>(null);
  const pick = (b: BusinessSummary) => {
    onChange({ id: b.id, code: b.code, name: b.name });
    setSearch(clearOnPick ? '' : businessLabel(b));
    combobox.closeDropdown();
  };
  const current = !results.isPlaceholderData && !results.isFetching && query === search.trim();

  // A value set from outside (a record opened for editing, the form cleared) shows as its label.
  useEffect(() => setSearch(value ? businessLabel(value) : ''), [value]);
  // The first match is the one Enter picks, once the matches for what was typed are here.
  const first = options[0];
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the matches change, not on every render (pick and combobox are new each render)
  useEffect(() => {
    if (pickWhenFound.current === query && current && first) {
      pickWhenFound.current = null;
      pick(first);
    } else if (first) combobox.selectFirstOption();
  }, [first, current, query]);

  return (
    <Combobox
      store={combobox}
      width={440}
      position="bottom-start"
      onOptionSubmit={(id) => {
        const picked = options.find((b) => String(b.id) === id);
        if (picked) pick(picked);
        else combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <TextInput
          ref={ref}
          label={label}
          description={description}
          withAsterisk={withAsterisk}
          {...(inputWrapperOrder ? { inputWrapperOrder } : {})}
          placeholder="名前・フリガナ・コードの一部（例: ﾀｶﾊｼ、たかはし）"
          value={search}
          error={error}
          autoComplete="off"
          autoFocus={autoFocus}
          rightSection={results.isFetching ? <Loader size={14} /> : null}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.nativeEvent.isComposing || value || search.trim() === '') return;
            // Typed but not picked: the form is never sent without its business.
            e.preventDefault();
            if (!current) {
              // The matches of what was typed are not here yet: the first of them is picked when they come.
              combobox.resetSelectedOption();
              pickWhenFound.current = search.trim();
            } else if (combobox.getSelectedOptionIndex() === -1 && first) pick(first);
            // Otherwise the combobox picks the highlighted match.
          }}
          onChange={(e) => {
            pickWhenFound.current = null;
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
          {options.length === 0 &&
            (current ? <Combobox.Empty>見つかりません</Combobox.Empty> : <Combobox.Empty>探しています…</Combobox.Empty>)}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
});
