// contextNameTemplate: `{placeholder}` substitution for kubeconfig context names.

/** The placeholders a template may use. */
const TEMPLATE_PLACEHOLDERS = ['bundle', 'group', 'cluster', 'region'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** Problems with a template (unknown placeholders, stray braces); empty when it is usable. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  const stripped = template.replace(/\{([^{}]*)\}/g, (_match, name: string) => {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      problems.push(`unknown placeholder {${name}} (known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
    }
    return '';
  });
  if (/[{}]/.test(stripped)) problems.push('has an unmatched { or }');
  if (template.trim() === '') problems.push('must not be empty');
  if (/[\u0000-\u001f\u007f]/.test(template))
    problems.push('must not contain control characters (a newline or tab would end up in context names)');
  return problems;
}

/** Renders a template whose problems were checked by templateProblems. */
export function renderContextName(template: string, values: Record<TemplatePlaceholder, string>): string {
  return template.replace(/\{(bundle|group|cluster|region)\}/g, (_match, name: TemplatePlaceholder) => values[name]);
}
