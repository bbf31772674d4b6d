// The demo's people: one admin, six support staff and 45 customers of Fieldnote.
import type { Role } from '../schema';

export const DEMO_PASSWORD = 'fieldnote-demo';

export interface DemoPerson {
  email: string;
  displayName: string;
  role: Role;
}

export const demoStaff: DemoPerson[] = [
  { email: 'ada@fieldnote.example', displayName: 'Ada Okafor', role: 'admin' },
  { email: 'sam@fieldnote.example', displayName: 'Sam Lindqvist', role: 'staff' },
  { email: 'priya@fieldnote.example', displayName: 'Priya Raman', role: 'staff' },
  // The rest of the support team: they answer the demo tickets (db/seed/tickets.ts).
  { email: 'kenji@fieldnote.example', displayName: 'Kenji Watanabe', role: 'staff' },
  { email: 'ines@fieldnote.example', displayName: 'Inés Navarro', role: 'staff' },
  { email: 'malik@fieldnote.example', displayName: 'Malik Johnson', role: 'staff' },
  { email: 'elif@fieldnote.example', displayName: 'Elif Demir', role: 'staff' },
];

const memberNames = [
  'Jordan Reyes',
  'Lena Fischer',
  'Tomás Herrera',
  'Aiko Tanaka',
  'Marcus Bell',
  'Sofia Rossi',
  'Daniel Cohen',
  'Chloé Martin',
  'Oluwaseun Adeyemi',
  'Hannah Becker',
  'Rafael Souza',
  'Emma Johansson',
  'Wei Zhang',
  'Lucas Moreau',
  'Grace O’Connor',
  'Mateo García',
  'Nadia Haddad',
  'Pieter de Vries',
  'Yuki Sato',
  'Isabel Costa',
  'Kwame Mensah',
  'Olivia Brown',
  'Arjun Mehta',
  'Freya Nilsson',
  'Ethan Walker',
  'Mei-Ling Chen',
  'Jonas Weber',
  'Amara Nwosu',
  'Ben Carter',
  'Zofia Kowalska',
  'Liam Murphy',
  'Ana Petrović',
  'Samuel Osei',
  'Clara Schmidt',
  'Ryo Yamamoto',
  'Fatima Khan',
  'Noah Williams',
  'Elena Popescu',
  'Hugo Lefebvre',
  'Ingrid Larsen',
  'Diego Fernández',
  'Chen Yu-Ting',
  'Liu Yang',
  'Aisha Bello',
  'Tom Gallagher',
];

function emailFor(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${ascii}@example.com`;
}

export const demoMembers: DemoPerson[] = memberNames.map((displayName) => ({ email: emailFor(displayName), displayName, role: 'member' }));
