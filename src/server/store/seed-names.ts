/**
 * Name pools for the demo seed: first and last names per locale (with their accents and letters),
 * company name parts, job positions and Odoo-like partner tags.
 */
const list = (text: string): readonly string[] => text.split('|');

const pools = {
  en: { first: list('James|Olivia|William|Emma|Noah|Ava|Liam|Sophia|Benjamin|Charlotte|Lucas|Amelia|Henry|Harper|Jack|Grace|Ethan|Chloe|Mason|Zoë'),
    last: list('Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Anderson|Thomas|Moore|Martin|Jackson|White|Harris|Clark|Lewis|Walker|Young|O’Connor|Null') },
  fr: { first: list('François|Hélène|Jérôme|Léa|Chloé|Anaïs|Mathéo|Élodie|Noël|Inès|Benoît|Aurélie|Gaëlle|Loïc|Céline|Timothée|Zoë|Amélie|Raphaël|Maëlle'),
    last: list('Dubois|Lefèvre|Lambert|Dupont|Mercier|Rousseau|Girard|Leclercq|Fontaine|Janssens|Peeters|Desmet|Château|Béranger|Moreau|Laurent|Lemaître|Gérard') },
  de: { first: list('Jürgen|Björn|Sören|Lukas|Anna|Marie|Maximilian|Sophie|Jörg|Günther|Katharina|Felix|Lena|Tobias|Hannah|Matthias|Ursula|Jonas'),
    last: list('Müller|Schmidt|Schneider|Fischer|Weiß|Schröder|Wagner|Becker|Hoffmann|Schäfer|Koch|Bauer|Köhler|Groß|Krüger|Zimmermann|Hübner|Braun') },
  nl: { first: list('Daan|Sanne|Bram|Lotte|Jeroen|Femke|Sem|Eva|Thijs|Anouk|Joris|Fleur|Ruben|Marloes|Wouter|Noor|Sven|Iris'),
    last: list('de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Dijk|Dekker|van Leeuwen|Willems') },
  es: { first: list('José|María|Juan|Lucía|Javier|Sofía|Álvaro|Martina|Andrés|Paula|Sergio|Elena|Raúl|Carmen|Ángel|Inés|Iñaki|Begoña'),
    last: list('García|Martínez|López|Sánchez|Pérez|Gómez|Fernández|Díaz|Núñez|Peña|Jiménez|Ruiz|Hernández|Muñoz|Álvarez|Romero|Castaño|Ibáñez') },
  pt: { first: list('João|Maria|Tiago|Inês|Gonçalo|Beatriz|Rodrigo|Ana|Luís|Mariana|Thiago|Camila|Gabriel|Larissa|Mateus|Conceição'),
    last: list('Silva|Santos|Ferreira|Pereira|Oliveira|Costa|Rodrigues|Martins|Gonçalves|Sousa|Fernandes|Araújo|Carvalho|Magalhães|Simões|Assunção') },
  it: { first: list('Giuseppe|Giulia|Marco|Francesca|Alessandro|Chiara|Luca|Sara|Niccolò|Federica|Matteo|Elena|Lorenzo|Martina|Andrea|Giorgia'),
    last: list('Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|De Luca|Mancini|Nicolò') },
  nordic: { first: list('Søren|Ingrid|Lars|Astrid|Mikael|Sigrid|Oskar|Freja|Anders|Linnéa|Åsa|Bjørn|Henrik|Maja|Eero|Aino'),
    last: list('Sørensen|Ødegård|Åberg|Ærø|Johansson|Andersson|Nielsen|Hansen|Lindqvist|Berg|Virtanen|Mäkinen|Korhonen|Nyström|Halvorsen|Lundgren') },
  pl: { first: list('Łukasz|Małgorzata|Paweł|Agnieszka|Michał|Katarzyna|Grzegorz|Zofia|Wojciech|Joanna|Piotr|Ewa|Krzysztof|Anna'),
    last: list('Nowak|Kowalski|Wiśniewski|Wróbel|Żak|Szczęsny|Lewandowska|Dąbrowski|Kamiński|Zieliński|Woźniak|Kozłowska|Jankowski|Mazur') },
  cs: { first: list('Jiří|Petra|Tomáš|Lucie|Jan|Kateřina|Ondřej|Tereza|Vojtěch|Markéta'),
    last: list('Dvořák|Novák|Svoboda|Růžička|Černý|Procházková|Kučera|Veselý|Horáková|Němec') },
  el: { first: list('Nikos|Eleni|Giorgos|Maria|Dimitris|Katerina|Kostas|Sofia|Yannis|Athina'),
    last: list('Papadopoulos|Georgiou|Nikolaidis|Papadaki|Oikonomou|Karagiannis|Vlachos|Antoniou|Makris|Dimitriou') },
  bg: { first: list('Ivan|Petar|Maria|Elena|Georgi|Desislava|Dimitar|Radostina|Nikolay|Tsvetelina'),
    last: list('Ivanov|Petrova|Georgiev|Dimitrova|Todorov|Stoyanova|Nikolov|Angelova|Kolev|Hristova') },
  tr: { first: list('Mehmet|Ayşe|Mustafa|Fatma|Emre|Çağla|Burak|Zeynep|Oğuz|Elif|İlker|Gülşen'),
    last: list('Yılmaz|Kaya|Demir|Şahin|Çelik|Öztürk|Aydın|Arslan|Doğan|Kılıç|Güneş|Erdoğan') },
  ja: { first: list('Haruto|Yui|Sōta|Hina|Ren|Sakura|Yūki|Aoi|Kenji|Mei|Takumi|Rin'),
    last: list('Satō|Suzuki|Takahashi|Tanaka|Watanabe|Itō|Yamamoto|Nakamura|Kobayashi|Katō|Yoshida|Yamada') },
  zh: { first: list('Wei|Fang|Jing|Lei|Min|Yan|Jun|Xiu Ying|Hao|Li Na|Zhi Wei|Mei'),
    last: list('Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun') },
  ko: { first: list('Min-jun|Seo-yeon|Ji-ho|Ha-eun|Do-yun|Ji-woo|Seo-jun|Su-bin|Ye-jin|Hyun-woo'),
    last: list('Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim') },
  in: { first: list('Aarav|Priya|Vihaan|Ananya|Arjun|Diya|Rohan|Kavya|Siddharth|Isha|Rahul|Sneha|Vikram|Pooja'),
    last: list('Patel|Sharma|Singh|Kumar|Gupta|Reddy|Iyer|Nair|Mehta|Chatterjee|Desai|Joshi|Rao|Banerjee') },
  ar: { first: list('Mohammed|Fatima|Ahmed|Aisha|Omar|Layla|Youssef|Mariam|Khalid|Nour|Hassan|Salma'),
    last: list('Al-Farsi|El-Sayed|Haddad|Al-Rashid|Benali|Mansour|Khalil|Nasser|Bouazza|Al-Amin|Saleh|Hamdan') },
  he: { first: list('Noam|Tamar|Itai|Maya|Yonatan|Shira|Eitan|Noa|Ariel|Yael'),
    last: list('Cohen|Levi|Mizrahi|Peretz|Biton|Dahan|Friedman|Avraham|Katz|Shapiro') },
} as const satisfies Record<string, { first: readonly string[]; last: readonly string[] }>;

export type NameLocale = keyof typeof pools;

export function namePool(locale: NameLocale): { readonly first: readonly string[]; readonly last: readonly string[] } {
  return pools[locale];
}

/** First words of company names. */
export const companyPrefixes = list(
  'Atlas|Nordic|Blue Harbor|Summit|Cedar|Pioneer|Vertex|Golden Gate|Northwind|Silverline|Red Rock|Evergreen|Bright|Polar|Crescent|Falcon|Granite|Horizon|' +
    'Iron Bridge|Juniper|Keystone|Lighthouse|Maple Leaf|Nova|Oakwood|Pinnacle|Quantum|Riverside|Sapphire|Tidewater|Union|Velvet|Westfield|Zenith|Alpine|' +
    'Beacon|Copper|Delta|Ember|Fjord|Glacier|Harbor|Indigo|Jade|Kestrel|Lumen|Meridian|Northstar|Orchid|Prairie|Redwood|Solstice|Terra|Urban|Vista|Willow|' +
    'Azure|Deco|Gemini|Lotus|Mistral|Orion|Phoenix|Sierra|Tundra',
);

/** What a company does, as the second part of its name. */
export const companyActivities = list(
  'Analytics|Builders|Consulting|Logistics|Foods|Interiors|Robotics|Textiles|Energy|Pharma|Media|Solar|Furniture|Printing|Motors|Software|Labs|' +
    'Architects|Bakery|Wines|Optics|Trading|Engineering|Systems|Design|Ventures|Medical|Outdoor|Packaging|Coffee|Studios|Hydraulics|Telecom|Finance|' +
    'Agro|Marine|Electronics|Security|Travel|Cosmetics|Steelworks|Brewery|Ceramics|Insurance|Recycling|Aviation|Academy|Dental|Garden Supplies|Office Supplies',
);

export const jobPositions = list(
  'CEO|CFO|Chief Technical Officer|Sales Manager|Account Manager|Purchasing Agent|Buyer|Accountant|Office Manager|Project Manager|Software Engineer|' +
    'Marketing Director|Consultant|Head of Operations|HR Manager|Logistics Coordinator|Technician|Receptionist|Warehouse Supervisor|Legal Counsel|' +
    'Product Owner|Customer Success Manager|Procurement Officer|Quality Manager|Designer|Executive Assistant',
);

/** Tags as in Odoo's demo contacts: [name, color 1..11, active]. */
export const tags: readonly (readonly [name: string, color: number, active: boolean])[] = [
  ['Customer', 10, true], ['Supplier', 4, true], ['Reseller', 1, true], ['Wholesale', 2, true], ['Prospect', 3, true], ['VIP', 9, true],
  ['Services', 5, true], ['Manufacturer', 6, true], ['Consulting', 7, true], ['Partner', 8, true], ['Former Supplier', 11, false],
];

/** Notes written on a few partners (the `comment` field is HTML in Odoo). */
export const notes = list(
  '<p>Prefers to be contacted by email.</p>|<p>Key account: quarterly review in March.</p>|<p>Closed on Mondays.</p>|' +
    '<p>Invoices must mention the PO number.</p>|<p>Met at the trade fair; interested in the premium plan.</p>|<p>Delivery only between 8:00 and 12:00.</p>',
);
