import { describe, expect, it } from 'vitest';
import { emailProblem } from '../../src/config/notifications-schema.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { configIssues } from '../support/config-issues.ts';

const ENVIRONMENTS = `
environments:
  - id: acme-prod
    name: Acme
    type: production
    clients: [Acme Construction]
    checks:
      - { id: web, url: "https://acme.example/health" }
`;


describe('clients and notifications configuration', () => {
  it('reads contacts, channels, routing and lead times', () => {
    const config = parseConfig(`
clients:
  Acme Construction:
    contacts:
      - { email: ops@acme.example, name: Jeanne Tremblay, language: fr }
      - { email: it@acme.example, language: en }
notifications:
  publicUrl: https://status.aidi.example/
  smtp: { host: smtp.aidi.example, port: 465, secure: true, user: veille, pass: s3cret, from: veille@aidi.example, fromName: Aidi veille }
  channels:
    ops-hook: { type: webhook, url: "https://hooks.aidi.example/veille", secret: "0123456789abcdef0123" }
    ops-slack: { type: slack, url: "https://hooks.slack.example/services/T/B/X" }
    sre-mail: { type: email, to: [sre@aidi.example], language: fr }
  routing:
    default: [ops-slack]
    environments: { acme-prod: [ops-hook, sre-mail] }
  reminderBefore: 2d
  deadlineWarning: 15m
${ENVIRONMENTS}`);
    expect(config.clients['Acme Construction']!.contacts).toEqual([
      { email: 'ops@acme.example', name: 'Jeanne Tremblay', language: 'fr' },
      { email: 'it@acme.example', name: null, language: 'en' },
    ]);
    const n = config.notifications;
    expect(n.smtp).toMatchObject({ host: 'smtp.aidi.example', port: 465, secure: true, from: 'veille@aidi.example', fromName: 'Aidi veille' });
    expect(n.channels['ops-hook']).toEqual({ id: 'ops-hook', type: 'webhook', url: 'https://hooks.aidi.example/veille', secret: '0123456789abcdef0123' });
    expect(n.channels['sre-mail']).toEqual({ id: 'sre-mail', type: 'email', to: ['sre@aidi.example'], language: 'fr' });
    expect(n.routing).toEqual({ default: ['ops-slack'], environments: { 'acme-prod': ['ops-hook', 'sre-mail'] }, maintenance: null });
    expect(n.reminderBeforeMs).toBe(172_800_000);
    expect(n.deadlineWarningMs).toBe(900_000);
    expect(n.publicUrl).toBe('https://status.aidi.example');
  });

  it('defaults to no channel, a 24 h reminder and a 10 min deadline warning', () => {
    const config = parseConfig(ENVIRONMENTS);
    expect(config.clients).toEqual({});
    expect(config.notifications).toMatchObject({ smtp: null, channels: {}, reminderBeforeMs: 86_400_000, deadlineWarningMs: 600_000, publicUrl: null });
  });

  it('rejects bad addresses and webhook URLs, naming their path', () => {
    const issues = configIssues(`
clients:
  Acme Construction:
    contacts:
      - { email: "ops@acme" }
      - { email: "jeanne tremblay@acme.example" }
      - { email: "ops@acme.example\\r\\nBcc: all@evil.example" }
notifications:
  smtp: { host: smtp.aidi.example, from: "veille at aidi" }
  channels:
    hook: { type: webhook, url: "ftp://hooks.aidi.example", secret: "0123456789abcdef" }
    short: { type: webhook, url: "https://hooks.aidi.example", secret: "abc" }
    slack: { type: slack, url: "not a url" }
    mail: { type: email, to: ["@aidi.example"] }
${ENVIRONMENTS}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clients\.Acme Construction\.contacts\[0\]\.email: .*not a domain name/),
        expect.stringMatching(/^clients\.Acme Construction\.contacts\[1\]\.email: .*not an e-mail address/),
        expect.stringMatching(/^clients\.Acme Construction\.contacts\[2\]\.email: /),
        expect.stringMatching(/^notifications\.smtp\.from: /),
        expect.stringMatching(/^notifications\.channels\.hook\.url: .*https/),
        expect.stringMatching(/^notifications\.channels\.short\.secret: .*16/),
        expect.stringMatching(/^notifications\.channels\.slack\.url: .*not a URL/),
        expect.stringMatching(/^notifications\.channels\.mail\.to\[0\]: /),
      ]),
    );
  });

  it('rejects routes to unknown channels or environments, unknown clients, and e-mail channels without SMTP', () => {
    const issues = configIssues(`
clients:
  Globex: { contacts: [] }
notifications:
  channels:
    mail: { type: email, to: [sre@aidi.example] }
  routing:
    default: [pager]
    environments: { nowhere-prod: [mail] }
${ENVIRONMENTS}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^environments\[0\]\.clients\[0\]: no client named "Acme Construction"/),
        expect.stringMatching(/^notifications\.routing\.default\[0\]: no channel named "pager"/),
        expect.stringMatching(/^notifications\.routing\.environments\.nowhere-prod: no environment/),
        expect.stringMatching(/^notifications\.channels\.mail: an email channel needs notifications\.smtp/),
      ]),
    );
  });

  it('accepts ordinary addresses and refuses anything that could carry a second header or address', () => {
    for (const good of ['ops@acme.example', 'jeanne.tremblay+veille@sub.acme.example', "o'brien@acme.co"]) expect(emailProblem(good)).toBeNull();
    for (const bad of ['ops@acme.example\nBcc: x@y.example', 'a@b.example, c@d.example', '"a b"@acme.example', 'a@[127.0.0.1]', 'ops@acme..example', 'ops@-acme.example', 'ops@acme.123']) {
      expect(emailProblem(bad), bad).not.toBeNull();
    }
  });
});
