/**
 * A number typed as people in Japan type it: 全角 digits from an IME left on (１２３４), commas,
 * △ for a negative. The text is kept as typed and read with the importer's parseNumber when the
 * form is saved (Mantine's NumberInput drops 全角 digits, and with them the value). On leaving
 * the field a readable number is shown with thousands separators.
 */
import { TextInput, type TextInputProps } from '@mantine/core';
import { parseNumber } from '../../domain/import/normalize.js';

export interface NumberFieldProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  value: string;
  onChange(value: string): void;
}

/** The number of a field's text: undefined when blank, NaN when it is not a number. */
export function numberOf(text: string): number | undefined {
  return parseNumber(text);
}

export function NumberField({ value, onChange, onBlur, onFocus, ...props }: NumberFieldProps) {
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      {...props}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onFocus={(e) => {
        e.currentTarget.select();
        onFocus?.(e);
      }}
      onBlur={(e) => {
        const n = parseNumber(value);
        if (n !== undefined && !Number.isNaN(n)) onChange(n.toLocaleString('ja-JP', { maximumFractionDigits: 10 }));
        onBlur?.(e);
      }}
    />
  );
}
