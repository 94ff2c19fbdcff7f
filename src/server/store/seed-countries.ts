/**
 * Countries, states and cities for the demo seed: real ISO 3166 codes, calling codes, state codes as
 * Odoo's `base` data spells them, and city coordinates (rounded) so partner geo fields look right.
 * Patterns: `#` any digit, `N` a digit 2-9, `@` an uppercase letter.
 */
import type { NameLocale } from './seed-names.ts';

/** A city: name, latitude, longitude, the state code (where the country has states), a zip pattern. */
export type City = readonly [name: string, lat: number, lon: number, state?: string | undefined, zip?: string];

export interface CountryData {
  readonly code: string;
  readonly name: string;
  readonly phoneCode: number;
  /** How many partners come from here, relative to the others. */
  readonly weight: number;
  readonly lang: string;
  readonly tz: string;
  readonly locale: NameLocale;
  readonly phone: string;
  readonly mobile: string;
  readonly zip: string;
  /** `16 Main Street` (true) or `Rue de la Loi 16` (false). */
  readonly numberFirst: boolean;
  readonly streets: readonly string[];
  readonly legal: readonly string[];
  readonly vat?: string;
  readonly cities: readonly City[];
}

const de = { lang: 'de_DE', locale: 'de', numberFirst: false, legal: ['GmbH', 'AG', 'GmbH & Co. KG'] } as const;
const en = { lang: 'en_US', locale: 'en', numberFirst: true } as const;
const es = { lang: 'es_ES', locale: 'es', numberFirst: false } as const;
const ar = { lang: 'ar_001', locale: 'ar', numberFirst: true } as const;

export const countries: readonly CountryData[] = [
  { code: 'BE', name: 'Belgium', phoneCode: 32, weight: 12, lang: 'fr_FR', tz: 'Europe/Brussels', locale: 'fr', phone: 'N ### ## ##', mobile: '4N# ## ## ##', zip: 'N###', numberFirst: false,
    streets: ['Rue de la Loi', 'Avenue Louise', 'Kerkstraat', 'Chaussée de Wavre', 'Meir', 'Rue Neuve', 'Veldstraat'], legal: ['SA', 'SRL', 'NV', 'BV'], vat: 'BE0#########',
    cities: [['Bruxelles', 50.8467, 4.3525, undefined, '10#0'], ['Antwerpen', 51.2194, 4.4025, undefined, '20#0'], ['Gent', 51.0543, 3.7174, undefined, '9000'], ['Liège', 50.6326, 5.5797, undefined, '4000'], ['Namur', 50.4674, 4.8720, undefined, '5000'], ['Louvain-la-Neuve', 50.6681, 4.6118, undefined, '1348']] },
  { code: 'NL', name: 'Netherlands', phoneCode: 31, weight: 8, lang: 'nl_NL', tz: 'Europe/Amsterdam', locale: 'nl', phone: '20 ### ####', mobile: '6 ########', zip: '#### @@', numberFirst: false,
    streets: ['Kalverstraat', 'Damrak', 'Hoofdstraat', 'Stationsweg', 'Kerkstraat', 'Prinsengracht'], legal: ['B.V.', 'N.V.'], vat: 'NL#########B01',
    cities: [['Amsterdam', 52.3676, 4.9041, undefined, '10## @@'], ['Rotterdam', 51.9244, 4.4777, undefined, '30## @@'], ['Utrecht', 52.0907, 5.1214, undefined, '35## @@'], ['Den Haag', 52.0705, 4.3007, undefined, '25## @@'], ['Eindhoven', 51.4416, 5.4697, undefined, '56## @@']] },
  { code: 'LU', name: 'Luxembourg', phoneCode: 352, weight: 1, lang: 'fr_FR', tz: 'Europe/Luxembourg', locale: 'fr', phone: '## ## ##', mobile: '6N1 ### ###', zip: 'L-####', numberFirst: true,
    streets: ['Grand-Rue', 'Boulevard Royal', 'Avenue de la Liberté', 'Rue de Hollerich'], legal: ['S.A.', 'S.à r.l.'], vat: 'LU########',
    cities: [['Luxembourg', 49.6116, 6.1319], ['Esch-sur-Alzette', 49.4958, 5.9806]] },
  { code: 'DE', name: 'Germany', phoneCode: 49, weight: 9, ...de, tz: 'Europe/Berlin', phone: '30 #######', mobile: '15# ########', zip: '#####',
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Schillerstraße', 'Goethestraße', 'Lindenallee', 'Friedrichstraße'], vat: 'DE#########',
    cities: [['Berlin', 52.5200, 13.4050, undefined, '10###'], ['München', 48.1351, 11.5820, undefined, '80###'], ['Hamburg', 53.5511, 9.9937, undefined, '20###'], ['Köln', 50.9375, 6.9603, undefined, '50###'], ['Frankfurt am Main', 50.1109, 8.6821, undefined, '60###'], ['Düsseldorf', 51.2277, 6.7735, undefined, '40###']] },
  { code: 'FR', name: 'France', phoneCode: 33, weight: 8, lang: 'fr_FR', tz: 'Europe/Paris', locale: 'fr', phone: '1 ## ## ## ##', mobile: '6 ## ## ## ##', zip: '#####', numberFirst: true,
    streets: ['rue de Rivoli', 'avenue des Champs-Élysées', 'boulevard Haussmann', 'rue de la République', 'place Bellecour', 'rue Sainte-Catherine'], legal: ['SAS', 'SARL', 'SA'], vat: 'FR###########',
    cities: [['Paris', 48.8566, 2.3522, undefined, '750##'], ['Lyon', 45.7640, 4.8357, undefined, '6900#'], ['Marseille', 43.2965, 5.3698, undefined, '130##'], ['Toulouse', 43.6047, 1.4442, undefined, '31000'], ['Lille', 50.6292, 3.0573, undefined, '59000'], ['Nantes', 47.2184, -1.5536, undefined, '44000']] },
  { code: 'GB', name: 'United Kingdom', phoneCode: 44, weight: 6, ...en, tz: 'Europe/London', phone: '20 #### ####', mobile: '7### ######', zip: '@# #@@',
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Baker Street', 'King Street'], legal: ['Ltd', 'PLC', 'LLP'], vat: 'GB#########',
    cities: [['London', 51.5074, -0.1278, undefined, 'EC#@ #@@'], ['Manchester', 53.4808, -2.2426, undefined, 'M# #@@'], ['Birmingham', 52.4862, -1.8904, undefined, 'B# #@@'], ['Edinburgh', 55.9533, -3.1883, undefined, 'EH# #@@'], ['Bristol', 51.4545, -2.5879, undefined, 'BS# #@@']] },
  { code: 'IE', name: 'Ireland', phoneCode: 353, weight: 2, ...en, tz: 'Europe/Dublin', phone: '1 ### ####', mobile: '8N ### ####', zip: 'D0# @@##',
    streets: ['Grafton Street', "O'Connell Street", 'Main Street', 'Patrick Street'], legal: ['Ltd', 'DAC'], vat: 'IE#######@',
    cities: [['Dublin', 53.3498, -6.2603], ['Cork', 51.8985, -8.4756, undefined, 'T12 @@##'], ['Galway', 53.2707, -9.0568, undefined, 'H91 @@##']] },
  { code: 'US', name: 'United States', phoneCode: 1, weight: 12, ...en, tz: 'America/New_York', phone: 'N##-N##-####', mobile: 'N##-N##-####', zip: '#####',
    streets: ['Main Street', 'Oak Avenue', 'Maple Drive', 'Park Avenue', 'Broadway', 'Elm Street', 'Sunset Boulevard', 'Market Street'], legal: ['Inc.', 'LLC', 'Corp.'],
    cities: [['New York', 40.7128, -74.0060, 'NY', '100##'], ['San Francisco', 37.7749, -122.4194, 'CA', '941##'], ['Pleasant Hill', 37.9480, -122.0608, 'CA', '94523'], ['Los Angeles', 34.0522, -118.2437, 'CA', '900##'], ['Austin', 30.2672, -97.7431, 'TX', '787##'], ['Houston', 29.7604, -95.3698, 'TX', '770##'], ['Chicago', 41.8781, -87.6298, 'IL', '606##'], ['Miami', 25.7617, -80.1918, 'FL', '331##'], ['Seattle', 47.6062, -122.3321, 'WA', '981##'], ['Boston', 42.3601, -71.0589, 'MA', '021##'], ['Atlanta', 33.7490, -84.3880, 'GA', '303##'], ['Denver', 39.7392, -104.9903, 'CO', '802##'], ['Philadelphia', 39.9526, -75.1652, 'PA', '191##']] },
  { code: 'CA', name: 'Canada', phoneCode: 1, weight: 4, ...en, tz: 'America/Toronto', phone: 'N##-N##-####', mobile: 'N##-N##-####', zip: '@#@ #@#',
    streets: ['Yonge Street', 'Rue Sainte-Catherine', 'Granville Street', 'King Street West', 'Jasper Avenue'], legal: ['Inc.', 'Ltd.', 'Corp.'],
    cities: [['Toronto', 43.6532, -79.3832, 'ON', 'M#@ #@#'], ['Ottawa', 45.4215, -75.6972, 'ON', 'K#@ #@#'], ['Montréal', 45.5017, -73.5673, 'QC', 'H#@ #@#'], ['Québec', 46.8139, -71.2080, 'QC', 'G#@ #@#'], ['Vancouver', 49.2827, -123.1207, 'BC', 'V#@ #@#'], ['Calgary', 51.0447, -114.0719, 'AB', 'T#@ #@#'], ['Winnipeg', 49.8951, -97.1384, 'MB', 'R#@ #@#'], ['Halifax', 44.6488, -63.5752, 'NS', 'B#@ #@#']] },
  { code: 'ES', name: 'Spain', phoneCode: 34, weight: 5, ...es, tz: 'Europe/Madrid', phone: '91# ### ###', mobile: '6## ### ###', zip: '#####',
    streets: ['Calle Mayor', 'Gran Vía', 'Paseo de la Castellana', 'Calle de Alcalá', 'Avenida Diagonal', 'Calle Real'], legal: ['S.L.', 'S.A.'], vat: 'ESB########',
    cities: [['Madrid', 40.4168, -3.7038, undefined, '280##'], ['Barcelona', 41.3851, 2.1734, undefined, '080##'], ['Valencia', 39.4699, -0.3763, undefined, '460##'], ['Sevilla', 37.3891, -5.9845, undefined, '410##'], ['Málaga', 36.7213, -4.4214, undefined, '290##'], ['A Coruña', 43.3623, -8.4115, undefined, '150##']] },
  { code: 'IT', name: 'Italy', phoneCode: 39, weight: 5, lang: 'en_US', tz: 'Europe/Rome', locale: 'it', phone: '0# #### ####', mobile: '3## ### ####', zip: '#####', numberFirst: false,
    streets: ['Via Roma', 'Corso Vittorio Emanuele II', 'Via Garibaldi', 'Via Dante', 'Piazza del Duomo'], legal: ['S.r.l.', 'S.p.A.'], vat: 'IT###########',
    cities: [['Roma', 41.9028, 12.4964, undefined, '001##'], ['Milano', 45.4642, 9.1900, undefined, '201##'], ['Torino', 45.0703, 7.6869, undefined, '101##'], ['Napoli', 40.8518, 14.2681, undefined, '801##'], ['Firenze', 43.7696, 11.2558, undefined, '501##'], ['Bologna', 44.4949, 11.3426, undefined, '401##']] },
  { code: 'PT', name: 'Portugal', phoneCode: 351, weight: 2, lang: 'en_US', tz: 'Europe/Lisbon', locale: 'pt', phone: '21# ### ###', mobile: '9N# ### ###', zip: '####-###', numberFirst: false,
    streets: ['Rua Augusta', 'Avenida da Liberdade', 'Rua de Santa Catarina', 'Rua do Carmo'], legal: ['Lda.', 'S.A.'], vat: 'PT#########',
    cities: [['Lisboa', 38.7223, -9.1393, undefined, '1###-###'], ['Porto', 41.1579, -8.6291, undefined, '4###-###'], ['Coimbra', 40.2033, -8.4103, undefined, '3000-###']] },
  { code: 'CH', name: 'Switzerland', phoneCode: 41, weight: 3, ...de, legal: ['AG', 'GmbH', 'SA', 'Sàrl'], tz: 'Europe/Zurich', phone: '44 ### ## ##', mobile: '7N ### ## ##', zip: 'N###',
    streets: ['Bahnhofstrasse', 'Rue du Rhône', 'Marktgasse', 'Limmatquai'], vat: 'CHE-###.###.### MWST',
    cities: [['Zürich', 47.3769, 8.5417, undefined, '80##'], ['Genève', 46.2044, 6.1432, undefined, '120#'], ['Bern', 46.9480, 7.4474, undefined, '30##'], ['Basel', 47.5596, 7.5886, undefined, '40##'], ['Lausanne', 46.5197, 6.6323, undefined, '100#']] },
  { code: 'AT', name: 'Austria', phoneCode: 43, weight: 2, ...de, tz: 'Europe/Vienna', phone: '1 ### ####', mobile: '66# ### ####', zip: 'N###', vat: 'ATU########',
    streets: ['Mariahilfer Straße', 'Kärntner Straße', 'Landstraße', 'Getreidegasse'],
    cities: [['Wien', 48.2082, 16.3738, undefined, '1##0'], ['Graz', 47.0707, 15.4395, undefined, '80#0'], ['Salzburg', 47.8095, 13.0550, undefined, '5020'], ['Linz', 48.3069, 14.2858, undefined, '40#0']] },
  { code: 'SE', name: 'Sweden', phoneCode: 46, weight: 2, lang: 'en_US', tz: 'Europe/Stockholm', locale: 'nordic', phone: '8-### ### ##', mobile: '7N-### ## ##', zip: '### ##', numberFirst: false,
    streets: ['Drottninggatan', 'Storgatan', 'Kungsgatan', 'Sveavägen'], legal: ['AB'], vat: 'SE############',
    cities: [['Stockholm', 59.3293, 18.0686, undefined, '1## ##'], ['Göteborg', 57.7089, 11.9746, undefined, '4## ##'], ['Malmö', 55.6050, 13.0038, undefined, '2## ##']] },
  { code: 'NO', name: 'Norway', phoneCode: 47, weight: 1, lang: 'en_US', tz: 'Europe/Oslo', locale: 'nordic', phone: '2# ## ## ##', mobile: '4# ## ## ##', zip: '####', numberFirst: false,
    streets: ['Karl Johans gate', 'Storgata', 'Bryggen', 'Kirkegata'], legal: ['AS', 'ASA'], vat: 'NO#########MVA',
    cities: [['Oslo', 59.9139, 10.7522, undefined, '0###'], ['Bergen', 60.3913, 5.3221, undefined, '50##'], ['Trondheim', 63.4305, 10.3951, undefined, '70##']] },
  { code: 'DK', name: 'Denmark', phoneCode: 45, weight: 1, lang: 'en_US', tz: 'Europe/Copenhagen', locale: 'nordic', phone: '3# ## ## ##', mobile: '2# ## ## ##', zip: '####', numberFirst: false,
    streets: ['Strøget', 'Vesterbrogade', 'Nørregade', 'Østergade'], legal: ['ApS', 'A/S'], vat: 'DK########',
    cities: [['København', 55.6761, 12.5683, undefined, '1###'], ['Aarhus', 56.1629, 10.2039, undefined, '8000'], ['Ærøskøbing', 54.8878, 10.4120, undefined, '5970'], ['Odense', 55.4038, 10.4024, undefined, '5000']] },
  { code: 'FI', name: 'Finland', phoneCode: 358, weight: 1, lang: 'en_US', tz: 'Europe/Helsinki', locale: 'nordic', phone: '9 #### ####', mobile: '40 ### ####', zip: '#####', numberFirst: false,
    streets: ['Mannerheimintie', 'Aleksanterinkatu', 'Hämeenkatu', 'Esplanadi'], legal: ['Oy', 'Oyj'], vat: 'FI########',
    cities: [['Helsinki', 60.1699, 24.9384, undefined, '00###'], ['Tampere', 61.4978, 23.7610, undefined, '33###'], ['Turku', 60.4518, 22.2666, undefined, '20###']] },
  { code: 'PL', name: 'Poland', phoneCode: 48, weight: 3, lang: 'en_US', tz: 'Europe/Warsaw', locale: 'pl', phone: '22 ### ## ##', mobile: '5## ### ###', zip: '##-###', numberFirst: false,
    streets: ['ul. Marszałkowska', 'ul. Piotrkowska', 'ul. Floriańska', 'al. Jerozolimskie', 'ul. Długa'], legal: ['Sp. z o.o.', 'S.A.'], vat: 'PL##########',
    cities: [['Warszawa', 52.2297, 21.0122, undefined, '00-###'], ['Kraków', 50.0647, 19.9450, undefined, '30-###'], ['Łódź', 51.7592, 19.4560, undefined, '90-###'], ['Wrocław', 51.1079, 17.0385, undefined, '50-###'], ['Gdańsk', 54.3520, 18.6466, undefined, '80-###']] },
  { code: 'CZ', name: 'Czech Republic', phoneCode: 420, weight: 1, lang: 'en_US', tz: 'Europe/Prague', locale: 'cs', phone: '2## ### ###', mobile: '6## ### ###', zip: '### ##', numberFirst: false,
    streets: ['Václavské náměstí', 'Národní', 'Pařížská', 'Masarykova'], legal: ['s.r.o.', 'a.s.'], vat: 'CZ########',
    cities: [['Praha', 50.0755, 14.4378, undefined, '1## 00'], ['Brno', 49.1951, 16.6068, undefined, '6## 00']] },
  { code: 'GR', name: 'Greece', phoneCode: 30, weight: 1, lang: 'en_US', tz: 'Europe/Athens', locale: 'el', phone: '21# ### ####', mobile: '69# ### ####', zip: '### ##', numberFirst: false,
    streets: ['Ermou', 'Panepistimiou', 'Tsimiski', 'Egnatia'], legal: ['S.A.', 'I.K.E.'], vat: 'EL#########',
    cities: [['Athína', 37.9838, 23.7275, undefined, '10# ##'], ['Thessaloníki', 40.6401, 22.9444, undefined, '54# ##']] },
  { code: 'BG', name: 'Bulgaria', phoneCode: 359, weight: 1, lang: 'en_US', tz: 'Europe/Sofia', locale: 'bg', phone: '2 ### ####', mobile: '88# ### ###', zip: '####', numberFirst: false,
    streets: ['bul. Vitosha', 'ul. Graf Ignatiev', 'bul. Tsar Osvoboditel'], legal: ['OOD', 'EOOD', 'AD'], vat: 'BG#########',
    cities: [['Sofia', 42.6977, 23.3219, undefined, '1000'], ['Plovdiv', 42.1354, 24.7453, undefined, '4000'], ['Varna', 43.2141, 27.9147, undefined, '9000']] },
  { code: 'TR', name: 'Türkiye', phoneCode: 90, weight: 1, lang: 'en_US', tz: 'Europe/Istanbul', locale: 'tr', phone: '212 ### ## ##', mobile: '5## ### ## ##', zip: '#####', numberFirst: false,
    streets: ['İstiklal Caddesi', 'Bağdat Caddesi', 'Atatürk Bulvarı', 'Kıbrıs Şehitleri Caddesi'], legal: ['A.Ş.', 'Ltd. Şti.'], vat: 'TR##########',
    cities: [['İstanbul', 41.0082, 28.9784, undefined, '34###'], ['Ankara', 39.9334, 32.8597, undefined, '06###'], ['İzmir', 38.4237, 27.1428, undefined, '35###']] },
  { code: 'JP', name: 'Japan', phoneCode: 81, weight: 2, lang: 'en_US', tz: 'Asia/Tokyo', locale: 'ja', phone: '3-####-####', mobile: '90-####-####', zip: '###-####', numberFirst: true,
    streets: ['Chūō-dōri', 'Omotesandō', 'Meiji-dōri', 'Midōsuji'], legal: ['K.K.', 'G.K.', 'Co., Ltd.'],
    cities: [['Tōkyō', 35.6762, 139.6503, undefined, '1##-####'], ['Ōsaka', 34.6937, 135.5023, undefined, '5##-####'], ['Kyōto', 35.0116, 135.7681, undefined, '60#-####'], ['Yokohama', 35.4437, 139.6380, undefined, '2##-####']] },
  { code: 'CN', name: 'China', phoneCode: 86, weight: 2, lang: 'en_US', tz: 'Asia/Shanghai', locale: 'zh', phone: '10 #### ####', mobile: '13# #### ####', zip: '######', numberFirst: true,
    streets: ['Nanjing Road', 'Chang’an Avenue', 'Huaihai Road', 'Wangfujing Street'], legal: ['Co., Ltd.', 'Ltd.'], vat: '91###############@',
    cities: [['Beijing', 39.9042, 116.4074, undefined, '100###'], ['Shanghai', 31.2304, 121.4737, undefined, '200###'], ['Shenzhen', 22.5431, 114.0579, undefined, '518###'], ['Guangzhou', 23.1291, 113.2644, undefined, '510###']] },
  { code: 'KR', name: 'South Korea', phoneCode: 82, weight: 1, lang: 'en_US', tz: 'Asia/Seoul', locale: 'ko', phone: '2-###-####', mobile: '10-####-####', zip: '#####', numberFirst: true,
    streets: ['Teheran-ro', 'Sejong-daero', 'Gangnam-daero', 'Haeundae-ro'], legal: ['Co., Ltd.', 'Inc.'],
    cities: [['Seoul', 37.5665, 126.9780, undefined, '0####'], ['Busan', 35.1796, 129.0756, undefined, '4####'], ['Incheon', 37.4563, 126.7052, undefined, '2####']] },
  { code: 'SG', name: 'Singapore', phoneCode: 65, weight: 1, ...en, tz: 'Asia/Singapore', phone: '6### ####', mobile: '9### ####', zip: '######',
    streets: ['Orchard Road', 'Raffles Place', 'Marina Boulevard', 'Bukit Timah Road'], legal: ['Pte. Ltd.'], vat: '20#######@',
    cities: [['Singapore', 1.3521, 103.8198]] },
  { code: 'IN', name: 'India', phoneCode: 91, weight: 4, ...en, tz: 'Asia/Kolkata', locale: 'in', phone: '22 #### ####', mobile: '9#### #####', zip: '######',
    streets: ['MG Road', 'Linking Road', 'Brigade Road', 'Anna Salai', 'Park Street', 'Connaught Place'], legal: ['Pvt. Ltd.', 'Ltd.', 'LLP'], vat: '##@@@@@####@#Z#',
    cities: [['Mumbai', 19.0760, 72.8777, 'MH', '400###'], ['Pune', 18.5204, 73.8567, 'MH', '411###'], ['Bengaluru', 12.9716, 77.5946, 'KA', '560###'], ['New Delhi', 28.6139, 77.2090, 'DL', '110###'], ['Chennai', 13.0827, 80.2707, 'TN', '600###'], ['Kolkata', 22.5726, 88.3639, 'WB', '700###'], ['Ahmedabad', 23.0225, 72.5714, 'GJ', '380###'], ['Hyderabad', 17.3850, 78.4867, 'TS', '500###']] },
  { code: 'AU', name: 'Australia', phoneCode: 61, weight: 3, ...en, tz: 'Australia/Sydney', phone: '2 #### ####', mobile: '4## ### ###', zip: '####',
    streets: ['George Street', 'Collins Street', 'Queen Street', 'Hay Street', 'King William Street'], legal: ['Pty Ltd', 'Ltd'], vat: '## ### ### ###',
    cities: [['Sydney', -33.8688, 151.2093, 'NSW', '2000'], ['Newcastle', -32.9283, 151.7817, 'NSW', '2300'], ['Melbourne', -37.8136, 144.9631, 'VIC', '3000'], ['Brisbane', -27.4698, 153.0251, 'QLD', '4000'], ['Perth', -31.9505, 115.8605, 'WA', '6000'], ['Adelaide', -34.9285, 138.6007, 'SA', '5000'], ['Hobart', -42.8821, 147.3272, 'TAS', '7000'], ['Canberra', -35.2809, 149.1300, 'ACT', '2600'], ['Darwin', -12.4634, 130.8456, 'NT', '0800']] },
  { code: 'NZ', name: 'New Zealand', phoneCode: 64, weight: 1, ...en, tz: 'Pacific/Auckland', phone: '9 ### ####', mobile: '21 ### ####', zip: '####',
    streets: ['Queen Street', 'Lambton Quay', 'Colombo Street', 'Ponsonby Road'], legal: ['Limited', 'Ltd'],
    cities: [['Auckland', -36.8485, 174.7633, undefined, '10##'], ['Wellington', -41.2865, 174.7762, undefined, '6011'], ['Christchurch', -43.5321, 172.6362, undefined, '8011']] },
  { code: 'BR', name: 'Brazil', phoneCode: 55, weight: 4, lang: 'en_US', tz: 'America/Sao_Paulo', locale: 'pt', phone: '11 ####-####', mobile: '11 9####-####', zip: '#####-###', numberFirst: false,
    streets: ['Avenida Paulista', 'Rua Oscar Freire', 'Avenida Atlântica', 'Rua da Consolação', 'Avenida Sete de Setembro'], legal: ['Ltda.', 'S.A.', 'ME'], vat: '##.###.###/0001-##',
    cities: [['São Paulo', -23.5505, -46.6333, 'SP', '01###-###'], ['Campinas', -22.9099, -47.0626, 'SP', '130##-###'], ['Rio de Janeiro', -22.9068, -43.1729, 'RJ', '20###-###'], ['Belo Horizonte', -19.9167, -43.9345, 'MG', '30###-###'], ['Porto Alegre', -30.0346, -51.2177, 'RS', '90###-###'], ['Salvador', -12.9777, -38.5016, 'BA', '40###-###'], ['Curitiba', -25.4284, -49.2733, 'PR', '80###-###']] },
  { code: 'MX', name: 'Mexico', phoneCode: 52, weight: 3, ...es, tz: 'America/Mexico_City', phone: '55 #### ####', mobile: '1 55 #### ####', zip: '#####',
    streets: ['Paseo de la Reforma', 'Avenida Insurgentes Sur', 'Calle Madero', 'Avenida Chapultepec', 'Calle 60'], legal: ['S.A. de C.V.', 'S. de R.L. de C.V.'], vat: '@@@######@@#',
    cities: [['Ciudad de México', 19.4326, -99.1332, 'CMX', '0####'], ['Guadalajara', 20.6597, -103.3496, 'JAL', '44###'], ['Monterrey', 25.6866, -100.3161, 'NLE', '64###'], ['Puebla', 19.0414, -98.2063, 'PUE', '72###'], ['Mérida', 20.9674, -89.5926, 'YUC', '97###']] },
  { code: 'AR', name: 'Argentina', phoneCode: 54, weight: 1, ...es, tz: 'America/Argentina/Buenos_Aires', phone: '11 ####-####', mobile: '9 11 ####-####', zip: '@####@@@',
    streets: ['Avenida Corrientes', 'Calle Florida', 'Avenida de Mayo', 'Avenida Santa Fe'], legal: ['S.A.', 'S.R.L.'], vat: '30-########-#',
    cities: [['Buenos Aires', -34.6037, -58.3816, undefined, 'C1###@@@'], ['Córdoba', -31.4201, -64.1888, undefined, 'X5000@@@']] },
  { code: 'CL', name: 'Chile', phoneCode: 56, weight: 1, ...es, tz: 'America/Santiago', phone: '2 #### ####', mobile: '9 #### ####', zip: '#######',
    streets: ['Avenida Providencia', 'Calle Huérfanos', 'Avenida Apoquindo'], legal: ['SpA', 'S.A.', 'Ltda.'], vat: '7#.###.###-#',
    cities: [['Santiago', -33.4489, -70.6693], ['Valparaíso', -33.0472, -71.6127]] },
  { code: 'ZA', name: 'South Africa', phoneCode: 27, weight: 1, ...en, tz: 'Africa/Johannesburg', phone: '11 ### ####', mobile: '8N ### ####', zip: '####',
    streets: ['Long Street', 'Jan Smuts Avenue', 'Florida Road', 'Church Street'], legal: ['(Pty) Ltd', 'Ltd'], vat: '4#########',
    cities: [['Johannesburg', -26.2041, 28.0473, undefined, '2###'], ['Cape Town', -33.9249, 18.4241, undefined, '8001'], ['Durban', -29.8587, 31.0218, undefined, '4001']] },
  { code: 'SA', name: 'Saudi Arabia', phoneCode: 966, weight: 1, ...ar, tz: 'Asia/Riyadh', phone: '11 ### ####', mobile: '5# ### ####', zip: '#####',
    streets: ['King Fahd Road', 'Olaya Street', 'Tahlia Street', 'Prince Sultan Road'], legal: ['LLC', 'Co.'], vat: '3##############',
    cities: [['الرياض', 24.7136, 46.6753, undefined, '1####'], ['جدة', 21.4858, 39.1925, undefined, '2####'], ['Dammam', 26.4207, 50.0888, undefined, '3####']] },
  { code: 'AE', name: 'United Arab Emirates', phoneCode: 971, weight: 1, ...ar, tz: 'Asia/Dubai', phone: '4 ### ####', mobile: '50 ### ####', zip: '',
    streets: ['Sheikh Zayed Road', 'Al Wasl Road', 'Corniche Road'], legal: ['LLC', 'FZE', 'FZ-LLC'], vat: '100#########003',
    cities: [['Dubai', 25.2048, 55.2708], ['Abu Dhabi', 24.4539, 54.3773]] },
  { code: 'EG', name: 'Egypt', phoneCode: 20, weight: 1, ...ar, tz: 'Africa/Cairo', phone: '2 #### ####', mobile: '1N #### ####', zip: '#####',
    streets: ['Tahrir Street', 'Corniche El Nil', 'Talaat Harb Street'], legal: ['S.A.E.', 'LLC'],
    cities: [['القاهرة', 30.0444, 31.2357, undefined, '11###'], ['الإسكندرية', 31.2001, 29.9187, undefined, '21###']] },
  { code: 'MA', name: 'Morocco', phoneCode: 212, weight: 1, lang: 'fr_FR', tz: 'Africa/Casablanca', locale: 'ar', phone: '522-######', mobile: '6##-######', zip: '#####', numberFirst: true,
    streets: ['Boulevard Mohammed V', 'Avenue Hassan II', 'Rue de la Liberté'], legal: ['SARL', 'SA'],
    cities: [['Casablanca', 33.5731, -7.5898, undefined, '20###'], ['Rabat', 34.0209, -6.8416, undefined, '10###'], ['مراكش', 31.6295, -7.9811, undefined, '40###']] },
  { code: 'IL', name: 'Israel', phoneCode: 972, weight: 1, lang: 'en_US', tz: 'Asia/Jerusalem', locale: 'he', phone: '3-###-####', mobile: '5N-###-####', zip: '#######', numberFirst: false,
    streets: ['Rothschild Boulevard', 'Dizengoff Street', 'Jaffa Road', 'Herzl Street'], legal: ['Ltd.'], vat: '5########',
    cities: [['Tel Aviv', 32.0853, 34.7818, undefined, '6######'], ['Jerusalem', 31.7683, 35.2137, undefined, '9######'], ['Haifa', 32.7940, 34.9896, undefined, '3######']] },
];

/** States of the countries that have them in Odoo's address form: [country, code, name]. */
export const states: readonly (readonly [country: string, code: string, name: string])[] = [
  ['US', 'CA', 'California'], ['US', 'CO', 'Colorado'], ['US', 'FL', 'Florida'], ['US', 'GA', 'Georgia'], ['US', 'IL', 'Illinois'],
  ['US', 'MA', 'Massachusetts'], ['US', 'NY', 'New York'], ['US', 'PA', 'Pennsylvania'], ['US', 'TX', 'Texas'], ['US', 'WA', 'Washington'],
  ['CA', 'AB', 'Alberta'], ['CA', 'BC', 'British Columbia'], ['CA', 'MB', 'Manitoba'], ['CA', 'NS', 'Nova Scotia'], ['CA', 'ON', 'Ontario'], ['CA', 'QC', 'Quebec'],
  ['IN', 'DL', 'Delhi'], ['IN', 'GJ', 'Gujarat'], ['IN', 'KA', 'Karnataka'], ['IN', 'MH', 'Maharashtra'], ['IN', 'TN', 'Tamil Nadu'], ['IN', 'TS', 'Telangana'], ['IN', 'WB', 'West Bengal'],
  ['BR', 'BA', 'Bahia'], ['BR', 'MG', 'Minas Gerais'], ['BR', 'PR', 'Paraná'], ['BR', 'RJ', 'Rio de Janeiro'], ['BR', 'RS', 'Rio Grande do Sul'], ['BR', 'SP', 'São Paulo'],
  ['AU', 'ACT', 'Australian Capital Territory'], ['AU', 'NSW', 'New South Wales'], ['AU', 'NT', 'Northern Territory'], ['AU', 'QLD', 'Queensland'],
  ['AU', 'SA', 'South Australia'], ['AU', 'TAS', 'Tasmania'], ['AU', 'VIC', 'Victoria'], ['AU', 'WA', 'Western Australia'],
  ['MX', 'CMX', 'Ciudad de México'], ['MX', 'JAL', 'Jalisco'], ['MX', 'NLE', 'Nuevo León'], ['MX', 'PUE', 'Puebla'], ['MX', 'YUC', 'Yucatán'],
];
