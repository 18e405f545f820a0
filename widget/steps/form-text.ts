/** A text field's value from a submitted form; '' when absent (a file entry is never expected). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
