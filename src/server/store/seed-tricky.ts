/**
 * Partners that are always seeded because they break naive code: scripts other than Latin,
 * right-to-left text, emoji, very long values, HTML and script payloads, SQL-looking strings,
 * whitespace, a partner with nothing but a name. The client must show each of them as plain text.
 */

export interface TrickyPartner {
  readonly name: string;
  readonly isCompany: boolean;
  /** The name of an earlier tricky company this one is a contact of. */
  readonly parent?: string;
  /** ISO code; the country's lang and tz come with it. */
  readonly country?: string;
  readonly street?: string;
  readonly street2?: string;
  readonly zip?: string;
  readonly city?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly mobile?: string;
  readonly website?: string;
  readonly comment?: string;
  readonly function?: string;
  readonly ref?: string;
  readonly vat?: string;
  /** Every optional column NULL, lang and tz included. */
  readonly blank?: boolean;
}

/** Exactly 300 characters (no astral characters, so 300 in JavaScript and in Postgres alike). */
export const longName = 'Société Internationale de Très Longs Noms et Raisons Sociales Particulièrement Détaillées '.repeat(4).slice(0, 299) + '.';

/** Exactly 254 characters, the longest address RFC 5321 allows (64-character local part). */
export const longEmail = buildLongEmail();

function buildLongEmail(): string {
  const local = 'firstname.middlename.lastname.department.team.location.extra.64x';
  const suffix = '.example.com';
  const labels: string[] = [];
  let length = local.length + 1 + suffix.length;
  for (let i = 1; length < 254; i += 1) {
    const room = 254 - length - (labels.length > 0 ? 1 : 0);
    const label = `long-domain-label-number-${i}-abcdefghijklmnopqrstuvwxyz-0123456789`.slice(0, Math.min(63, room));
    labels.push(label);
    length += label.length + (labels.length > 1 ? 1 : 0);
  }
  return `${local}@${labels.join('.')}${suffix}`;
}

export const trickyPartners: readonly TrickyPartner[] = [
  { name: '北京数字科技有限公司', isCompany: true, country: 'CN', city: '北京', street: '朝阳区建国路88号', zip: '100022', phone: '+86 10 6500 1234', email: 'info@beijing-digital.example.com', vat: '91110105MA01ABCD2X' },
  { name: '山田 太郎', isCompany: false, country: 'JP', city: '東京', street: '千代田区丸の内1-1-1', zip: '100-0005', email: 'yamada.taro@example.org', function: '営業部長', mobile: '+81 90-1234-5678' },
  { name: 'Αθηνά Παπαδοπούλου', isCompany: false, country: 'GR', city: 'Αθήνα', street: 'Οδός Ερμού 12', zip: '105 63', email: 'athina.papadopoulou@example.org' },
  { name: 'Димитър Иванов', isCompany: false, country: 'BG', city: 'София', street: 'бул. Витоша 15', zip: '1000', phone: '+359 2 987 6543', email: 'dimitar.ivanov@example.org' },
  { name: 'شركة الأفق للتجارة', isCompany: true, country: 'SA', city: 'الرياض', street: 'طريق الملك فهد 120', zip: '12214', phone: '+966 11 234 5678', email: 'info@alofuq.example.com', website: 'https://alofuq.example.com' },
  { name: 'محمد عبد الله', isCompany: false, parent: 'شركة الأفق للتجارة', country: 'SA', city: 'الرياض', street: 'طريق الملك فهد 120', function: 'مدير المبيعات', email: 'mohammed@alofuq.example.com' },
  { name: 'فاطمة الزهراء', isCompany: false, country: 'EG', city: 'القاهرة', street: 'شارع التحرير 5', email: 'fatima.zahra@example.org' },
  { name: 'דוד כהן', isCompany: false, country: 'IL', city: 'תל אביב', street: 'שדרות רוטשילד 1', zip: '6688101', email: 'david.cohen@example.org', phone: '+972 3-555-1234' },
  { name: 'مكتبة Book Corner ٤٢', isCompany: true, country: 'MA', city: 'مراكش', street: 'Avenue Mohammed V 42', email: 'contact@bookcorner.example.com' },
  { name: '김민준', isCompany: false, country: 'KR', city: '서울', street: '테헤란로 152', zip: '06236', email: 'minjun.kim@example.org' },
  { name: '🚀 Rocket Repairs 🔧', isCompany: true, country: 'US', city: 'Houston', street: '2101 NASA Parkway', zip: '77058', email: 'hello@rocket-repairs.example.com', website: 'https://rocket-repairs.example.com', phone: '+1 281-555-0199' },
  { name: '👩‍🚀 Zoë Astronaut', isCompany: false, parent: '🚀 Rocket Repairs 🔧', country: 'US', city: 'Houston', street: '2101 NASA Parkway', zip: '77058', function: 'Chief 🚀 Officer', email: 'zoe@rocket-repairs.example.com' },
  { name: longName, isCompany: true, country: 'FR', city: 'Paris', street: '1 avenue des Champs-Élysées', zip: '75008', email: 'contact@longnames.example.com' },
  {
    name: 'Security Test <script>alert(1)</script>', isCompany: true, country: 'BE', city: 'Bruxelles', zip: '1000', street: '<img src=x onerror=alert(1)>',
    email: 'script@example.com', website: 'javascript:alert(1)', comment: '<p>Hello</p><script>alert(1)</script><img src=x onerror=alert(1)>',
  },
  {
    name: 'Security Test "><svg onload=alert(1)>', isCompany: false, country: 'BE', city: '<b>Bold City</b>', street2: '</textarea><script>alert(2)</script>',
    email: '"><svg/onload=alert(1)>@example.com', function: '<img src=x onerror=alert(1)>', website: 'javascript:alert(document.cookie)',
  },
  { name: 'Eve <img src=x onerror=alert(1)>', isCompany: false, country: 'NL', city: 'Utrecht', comment: '<a href="javascript:alert(1)">click me</a><iframe src="https://evil.example.com"></iframe>', email: 'eve@example.org' },
  { name: "Robert'); DROP TABLE res_partner;--", isCompany: false, country: 'US', city: 'Boston', street: "1' ; DELETE FROM res_users; --", email: 'bobby.tables@example.org' },
  { name: "Security Test ' OR '1'='1", isCompany: true, country: 'GB', city: 'London', ref: "' OR 1=1 --", email: "or1=1@example.com", vat: "GB' OR ''='" },
  { name: 'Wildcards %_\\\\', isCompany: false, country: 'DE', city: 'Berlin', street: '100% _match_ C:\\Temp\\new', email: 'percent_underscore@example.org' },
  { name: 'NULL', isCompany: false, country: 'US', city: 'New York', email: 'null@example.org', street: 'NULL', comment: 'null' },
  { name: `O'Brien & "Sons" {Ltd}, Inc.`, isCompany: true, country: 'IE', city: 'Dublin', street: '{1,2} "Quoted" Street\\', email: 'obrien.sons@example.com' },
  { name: '  Leading and Trailing Spaces  ', isCompany: false, country: 'BE', city: ' Gent ', email: ' spaces@example.org ' },
  { name: 'Double  Space   Company', isCompany: true, country: 'NL', city: 'Den  Haag', street: 'Lange  Voorhout  1' },
  { name: 'Zoe\u0308 Lefe\u0300vre (decomposed)', isCompany: false, country: 'FR', city: 'Lyon', email: 'zoe.lefevre@example.org' },
  { name: 'Multi Line Address', isCompany: false, country: 'GB', street: 'Flat 3\nLine two of the street', street2: 'Tab\there', city: 'Bristol', comment: '<p>line 1</p>\n<p>line 2</p>' },
  { name: 'Long Email Person', isCompany: false, country: 'CH', city: 'Zürich', email: longEmail },
  { name: 'Blank Partner', isCompany: false, blank: true },
];
