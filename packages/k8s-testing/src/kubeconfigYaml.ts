/** A kubeconfig for a token user against a loopback apiserver with a self-signed certificate. */
export function kubeconfigYaml(server: string, user: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: arca-test',
    `  cluster: {server: "${server}", insecure-skip-tls-verify: true}`,
    'users:',
    `- name: ${user}`,
    `  user: {token: "${token}"}`,
    'contexts:',
    '- name: arca-test',
    `  context: {cluster: arca-test, user: ${user}}`,
    'current-context: arca-test',
    '',
  ].join('\n');
}
