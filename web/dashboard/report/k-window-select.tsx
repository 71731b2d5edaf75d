import { windowText, K_WINDOW_CHOICES, type KWindowChoice } from './k-window.js';

// Which window K is computed for: the content's own, or another asked of the API (`?kWindow=`).
export function KWindowSelect({ value, contentWindowSeconds, onChange }: { value: KWindowChoice; contentWindowSeconds: number; onChange: (choice: KWindowChoice) => void }) {
  return (
    <select class="k-window" aria-label="K window" value={value} onChange={(event) => onChange(event.currentTarget.value as KWindowChoice)}>
      {K_WINDOW_CHOICES.map((choice) => (
        <option value={choice.value}>{choice.value === 'default' ? `Content’s (${windowText(contentWindowSeconds)})` : choice.label}</option>
      ))}
    </select>
  );
}
