import type { ComponentChildren } from 'preact';

// The document's descriptions are CommonMark; the few marks they use are shown as such: `code`,
// **strong**, and blank lines between paragraphs. Everything else stays text (never HTML).
export function InlineText({ text }: { text: string | undefined }) {
  if (!text) return null;
  return <>{marks(text)}</>;
}

export function Paragraphs({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>{marks(paragraph)}</p>
      ))}
    </>
  );
}

function marks(text: string): ComponentChildren[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return <code>{part.slice(1, -1)}</code>;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 3) return <strong>{part.slice(2, -2)}</strong>;
    return part;
  });
}
