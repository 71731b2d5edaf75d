import { windowText, K_WINDOW_CHOICES, type KWindowChoice } from './k-window.js';

// Which window K is computed for: the content's own (a campaign: each content's own), or another
// asked of the API (`?kWindow=`).
export function KWindowSelect({
  value,
  contentWindowSeconds,
  onChange,
}: {
  value: KWindowChoice;
  contentWindowSeconds: number | 'per-content';
  onChange: (choice: KWindowChoice) => void;
}) {
  const ownLabel = contentWindowSeconds === 'per-content' ? 'Each content’s own' : `Content’s (${windowText(contentWindowSeconds)})`;
  return (
    <select class="k-window" aria-label="K window" value={value} onChange={(event) => onChange(event.currentTarget.value as KWindowChoice)}>
      {K_WINDOW_CHOICES.map((choice) => (
        <option value={choice.value}>{choice.value === 'default' ? ownLabel : choice.label}</option>
      ))}
    </select>
  );
}
