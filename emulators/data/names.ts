/** Word lists for the generators: a mix of scripts and accents, as real teams have. */
export const FIRST_NAMES = [
  "Ada", "Grace", "Olivia", "Liam", "Sofia", "Ethan", "Aisha", "Hannah", "Diego", "Yuki", "Emma", "Lucas",
  "Nora", "Oskar", "Isabela", "Tomás", "Ingrid", "Ravi", "Chen", "Ana", "Jordan", "Priya", "Kenji", "Amara",
  "Mateus", "Fatima", "Noah", "Mei", "Sam", "Chris", "Leila", "Marco", "Elena", "Omar", "Sara", "David",
  "Julia", "Tariq", "Freya", "Hugo", "Maya", "Felix", "Lena", "Arjun", "Camila", "Jonas", "Zara", "Mohammed",
  "Anna", "Paul", "Rosa", "Victor", "Alice", "Ben", "Clara", "Daniel", "Eva", "Finn", "Gabriel", "Helena",
];

/** Names whose email needs folding (ö → o, Ł → L) and whose display keeps the accents. */
export const UNICODE_FIRST_NAMES = ["Zoë", "José", "Łukasz", "Chloé", "Björn", "Siobhán", "Søren", "Ægir", "Inés", "Dóra", "Çağan", "Małgorzata", "François", "Jürgen", "Renée", "Niamh"];

export const LAST_NAMES = [
  "Lovelace", "Hopper", "Brown", "Johnson", "Rossi", "Clark", "Bello", "Schmidt", "Tanaka", "Wilson", "Martin",
  "Haddad", "Nieminen", "Souza", "Ortega", "Johansen", "Patel", "Wei", "Lee", "Raman", "Watanabe", "Okafor",
  "Costa", "Williams", "Lin", "Taylor", "Morgan", "Garcia", "Kim", "Nguyen", "Silva", "Kowalski", "Hansen",
  "Novak", "Fischer", "Dubois", "Moreau", "Ivanova", "Cohen", "Singh", "Ahmed", "Khan", "Mensah", "Adeyemi",
  "Larsen", "Meyer", "Weber", "Romano", "Ricci", "Sato", "Suzuki", "Park", "Choi", "Lopez", "Hernández",
];

export const UNICODE_LAST_NAMES = ["Müller", "Álvarez", "Nowak", "Lindqvist", "O'Brien", "Kovač", "Fernández", "Øvergaard", "Ødegård", "Şahin", "Dvořák", "Łęcka", "Jiménez", "Björklund"];

export const JOB_TITLES = [
  "Support Engineer", "Customer Support Specialist", "Support Team Lead", "Head of Support", "Billing Specialist",
  "Technical Account Manager", "Customer Success Manager", "Solutions Engineer", "Product Specialist",
  "Support Operations Analyst", "Onboarding Specialist", "Community Manager", "Escalations Engineer",
  "VP Customer Experience", "Knowledge Base Editor", "Sales Development Rep", "Account Executive",
];

export const POSITIONS = [
  "Software Engineer", "Senior Software Engineer", "Product Manager", "Designer", "Data Analyst", "IT Administrator",
  "Office Manager", "Recruiter", "Finance Analyst", "Legal Counsel", "Marketing Manager", "Sales Manager",
  "HR Business Partner", "QA Engineer", "DevOps Engineer", "Security Engineer", "Controller", "Facilities Coordinator",
];

/** The workspace's teams: admins' `team_ids` and `team_priority_level` name these, and `GET /teams` lists them. */
export const TEAMS: ReadonlyArray<{ id: number; name: string }> = [
  { id: 814865, name: "Tier 2 Support" },
  { id: 493881, name: "Tier 1 Support" },
  { id: 5091121, name: "Billing" },
  { id: 6013377, name: "Onboarding" },
  { id: 7280012, name: "Escalations" },
  { id: 7415590, name: "EMEA Support" },
  { id: 8802213, name: "APAC Support" },
];

export const TEAM_IDS = TEAMS.map((t) => t.id);

export const COMPANY_DOMAINS = ["example.com", "corp.example.net"];

/** "Zoë Łęcka" → "zoe", "lecka": emails use plain ASCII. */
export function asciiFold(s: string): string {
  const special: Record<string, string> = { ł: "l", Ł: "L", ø: "o", Ø: "O", æ: "ae", Æ: "Ae", ß: "ss", đ: "d", Đ: "D", ı: "i" };
  return s
    .replace(/[łŁøØæÆßđĐı]/g, (c) => special[c] ?? c)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]/g, "");
}
