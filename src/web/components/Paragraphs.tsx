import { Text } from '@mantine/core';

interface ParagraphsProps {
  /** Paragraphs separated by "\n"; null renders nothing. */
  text: string | null;
  /** Indent the first line by one character, as Japanese prose is set. */
  indent?: boolean;
}

export function Paragraphs({ text, indent = true }: ParagraphsProps) {
  if (text === null) return null;
  const paragraphs = text.split('\n').filter((p) => p.trim() !== '');
  return (
    <div className="paragraphs">
      {paragraphs.map((p, i) => (
        // Paragraphs have no identity beyond their position in the text.
        // biome-ignore lint/suspicious/noArrayIndexKey: static text, never reordered
        <Text key={i} className={indent ? 'paragraph paragraph-indent' : 'paragraph'}>
          {p}
        </Text>
      ))}
    </div>
  );
}
