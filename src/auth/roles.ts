export type Role = 'viewer' | 'sre' | 'admin';
export const ROLES = ['viewer', 'sre', 'admin'] as const;

// Each role can do everything the ones before it can (rule 9).
const RANK: Record<Role, number> = { viewer: 1, sre: 2, admin: 3 };

export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** Who is making a request: the token's name and role. */
export interface Actor {
  readonly tokenId: number;
  readonly name: string;
  readonly role: Role;
}
