/**
 * A date field that reads what staff type (2024/4/1, R6.4.1, 令和6年4月1日, 全角 too) and shows
 * 令和6年4月1日, with the calendar in Japanese (the page's DatesProvider). Mantine's DateInput
 * quietly puts the last good date back when the text cannot be read (or is after `maxDate`);
 * here that text is reported instead (`onUnreadable`, when the field is left or Enter is
 * pressed), so the form can say so beside the field rather than save the old date.
 */
import { DateInput, type DateInputProps } from '@mantine/dates';
import { formatJapaneseDate, parseJapaneseDate } from '../../domain/fiscal-calendar.js';

export const DATE_EXAMPLES = '2024/4/1、R6.4.1、令和6年4月1日';

/** Why the text of a date field is not a date the field takes, or null. */
export function unreadableDate(text: string, value: string | null, maxDate: string | undefined): string | null {
  const typed = text.trim();
  if (typed === '' || (value !== null && typed === formatJapaneseDate(value))) return null;
  const date = parseJapaneseDate(typed);
  if (date === undefined) return `「${typed}」は日付として読めません（例: ${DATE_EXAMPLES}）`;
  if (maxDate !== undefined && date > maxDate) return '今日より後の日付は入力できません';
  return null;
}

type Props = Omit<DateInputProps, 'value' | 'onChange' | 'valueFormat' | 'dateParser' | 'maxDate'> & {
  value: string | null;
  onChange(value: string | null): void;
  maxDate?: string;
  /** The problem of the text typed (null: none), when the field is left or Enter is pressed. */
  onUnreadable(problem: string | null): void;
};

export function JapaneseDateInput({ value, onChange, maxDate, onUnreadable, onBlur, onKeyDown, ...props }: Props) {
  return (
    <DateInput
      {...props}
      value={value}
      onChange={(v) => {
        onChange(v);
        if (v !== null) onUnreadable(null);
      }}
      valueFormat={(d) => formatJapaneseDate(d)}
      dateParser={(input) => parseJapaneseDate(input) ?? null}
      {...(maxDate === undefined ? {} : { maxDate })}
      onBlur={(e) => {
        onUnreadable(unreadableDate(e.currentTarget.value, value, maxDate));
        onBlur?.(e);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onUnreadable(unreadableDate(e.currentTarget.value, value, maxDate));
        onKeyDown?.(e);
      }}
    />
  );
}
