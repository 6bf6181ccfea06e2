#!/usr/bin/env node
// Generates datasets/contract-review/items.jsonl: 1,000 synthetic contract-clause tasks
// (classify, extract-date, extract-amount, yes-no), 80% easy / 20% hard.
//
// Plain Node 20 ESM, no dependencies, deterministic (mulberry32 with a fixed seed):
// running it twice writes byte-identical output.
//
//   node datasets/contract-review/generate.mjs

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 0x5eed2027;
const N_ITEMS = 1000;
const HARD_SHARE = 0.2;
const TASKS = ['classify', 'extract-date', 'extract-amount', 'yes-no'];
const TASK_TAG = {
  classify: 'classify',
  'extract-date': 'date',
  'extract-amount': 'amount',
  'yes-no': 'yes-no',
};

// ---------------------------------------------------------------- PRNG helpers

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
const chance = (p) => rand() < p;
function shuffle(arr) {
  const a = arr.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
/** Pick k distinct elements. */
const sample = (arr, k) => shuffle(arr).slice(0, k);
const cap1 = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------- numbers in words

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function under1000(n) {
  const parts = [];
  if (n >= 100) {
    parts.push(`${ONES[Math.floor(n / 100)]} hundred`);
    n %= 100;
  }
  if (n >= 20) {
    parts.push(n % 10 ? `${TENS[Math.floor(n / 10)]}-${ONES[n % 10]}` : TENS[Math.floor(n / 10)]);
  } else if (n > 0) {
    parts.push(ONES[n]);
  }
  return parts.join(' ');
}

function words(n) {
  if (!Number.isInteger(n) || n < 0 || n >= 1e12) throw new Error(`words(): unsupported ${n}`);
  if (n === 0) return 'zero';
  const parts = [];
  for (const [size, name] of [[1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']]) {
    if (n >= size) {
      parts.push(`${under1000(Math.floor(n / size))} ${name}`);
      n %= size;
    }
  }
  if (n > 0) parts.push(under1000(n));
  return parts.join(' ');
}
const titleWords = (n) => words(n).split(' ').map((w) => w.split('-').map(cap1).join('-')).join(' ');

const ORD_SPECIAL = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth',
  nine: 'ninth', twelve: 'twelfth' };
function ordinalWord(n) {
  const w = words(n);
  const m = w.match(/^(.*?)([a-z]+)$/);
  const [, head, last] = m;
  if (ORD_SPECIAL[last]) return head + ORD_SPECIAL[last];
  if (last.endsWith('y')) return `${head}${last.slice(0, -1)}ieth`;
  return `${head}${last}th`;
}
function ordinalSuffix(n) {
  const s = n % 100;
  if (s >= 11 && s <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}
/** "thirty (30)" */
const wn = (n) => `${words(n)} (${n})`;
const commas = (n) => n.toLocaleString('en-US');

// ---------------------------------------------------------------- dates

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const pad = (n) => String(n).padStart(2, '0');
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function randDate(yLo = 2025, yHi = 2031) {
  const y = int(yLo, yHi);
  const m = int(1, 12);
  return { y, m, d: int(1, daysIn(y, m)) };
}
const iso = ({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`;
const toUtc = ({ y, m, d }) => Date.UTC(y, m - 1, d);
function addDays(dt, n) {
  const x = new Date(toUtc(dt) + n * 86400000);
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() };
}
const sameDate = (a, b) => iso(a) === iso(b);

const EASY_DATE_STYLES = ['long', 'long', 'longth', 'intl', 'ordinal', 'ordinalNum', 'slash'];

function fmtDate(dt, style) {
  const { y, m, d } = dt;
  const mon = MONTHS[m - 1];
  switch (style) {
    case 'long': return `${mon} ${d}, ${y}`;
    case 'longth': return `${mon} ${ordinalSuffix(d)}, ${y}`;
    case 'intl': return `${d} ${mon} ${y}`;
    case 'ordinal': return `the ${ordinalWord(d)} day of ${mon}, ${y}`;
    case 'ordinalNum': return `the ${ordinalSuffix(d)} day of ${mon}, ${y}`;
    case 'slash': return `${pad(d)}/${pad(m)}/${y}`; // DD/MM/YYYY
    case 'words': return `the ${ordinalWord(d)} day of ${mon} in the year ${words(y)}`;
    default: throw new Error(style);
  }
}
/** An unambiguous style for easy items: DD/MM/YYYY only when the day is above 12. */
function easyDateStyle(dt) {
  let s = pick(EASY_DATE_STYLES);
  if (s === 'slash' && dt.d <= 12) s = 'long';
  return s;
}
const fmtEasyDate = (dt) => fmtDate(dt, easyDateStyle(dt));

// ---------------------------------------------------------------- money

const MANTISSAS = [1, 1.2, 1.25, 1.5, 1.75, 2, 2.4, 2.5, 3, 3.5, 4, 4.5, 4.8, 5, 6, 7.5, 8, 9];
function roundAmount(lo, hi) {
  const pool = [];
  for (let e = 2; e <= 7; e++) {
    for (const m of MANTISSAS) {
      const v = Math.round(m * 10 ** e);
      if (v >= lo && v <= hi) pool.push(v);
    }
  }
  return pick(pool);
}
/** Mostly round amounts, sometimes an odd one like 18,450. */
function amount(lo, hi) {
  if (chance(0.25)) {
    const step = hi >= 1e6 ? 5000 : hi >= 1e5 ? 500 : 50;
    return Math.max(lo, Math.round(int(lo, hi) / step) * step);
  }
  return roundAmount(lo, hi);
}

const EASY_MONEY_STYLES = ['dollar', 'dollar', 'dollarCents', 'usd', 'usdollar', 'wordsParen', 'wordsParenTitle', 'plain'];

function fmtMoney(n, style) {
  switch (style) {
    case 'dollar': return `$${commas(n)}`;
    case 'dollarCents': return `$${commas(n)}.00`;
    case 'usd': return `USD ${commas(n)}`;
    case 'usdollar': return `US$${commas(n)}`;
    case 'plain': return `${commas(n)} US dollars`;
    case 'wordsParen': return `${words(n)} dollars (USD ${commas(n)})`;
    case 'wordsParenTitle': return `${titleWords(n)} U.S. Dollars ($${commas(n)}.00)`;
    case 'words': return pick([`${words(n)} dollars`, `${words(n)} U.S. dollars`, `${titleWords(n)} United States Dollars`]);
    case 'million': {
      const m = n / 1e6;
      return pick([`$${m} million`, `USD ${m} million`, `${m} million U.S. dollars`]);
    }
    default: throw new Error(style);
  }
}
const fmtEasyMoney = (n) => fmtMoney(n, pick(EASY_MONEY_STYLES));
/** Harder spellings: words only, or "$1.25 million" shorthand. */
function fmtHardMoney(n) {
  if (n >= 1e6 && Number.isInteger(n / 1e4) && chance(0.5)) return fmtMoney(n, 'million');
  return fmtMoney(n, 'words');
}
const AMOUNT_SUFFIX = ' Answer with a number only (no currency symbol, commas or units).';
const DATE_SUFFIX = ' Answer in YYYY-MM-DD format.';
const YN_SUFFIX = ' Answer yes or no.';

// ---------------------------------------------------------------- parties and places

const NAME_A = ['Northwind', 'Bluepeak', 'Harbor Lane', 'Crestview', 'Ironwood', 'Meridian', 'Silverline',
  'Oakridge', 'Pinnacle', 'Redstone', 'Lakeshore', 'Summit Ridge', 'Granite Bay', 'Evergreen', 'Brightwater',
  'Copperfield', 'Aldergate', 'Kestrel', 'Juniper', 'Bellhaven', 'Stonebridge', 'Westmark', 'Tidewater', 'Larkspur'];
const NAME_B = ['Analytics', 'Logistics', 'Health', 'Software', 'Capital', 'Manufacturing', 'Foods', 'Energy',
  'Media', 'Robotics', 'Biotech', 'Systems', 'Networks', 'Labs', 'Holdings', 'Partners', 'Textiles', 'Pharma'];
const NAME_C = ['Inc.', 'LLC', 'Ltd.', 'Corp.', 'L.P.', 'Co.'];
const ENTITY = { 'Inc.': 'corporation', 'Corp.': 'corporation', 'Co.': 'corporation', 'LLC': 'limited liability company',
  'Ltd.': 'private limited company', 'L.P.': 'limited partnership' };
const STATES = ['Delaware', 'New York', 'California', 'Texas', 'Illinois', 'Washington', 'Massachusetts', 'Colorado'];

function company() {
  const c = pick(NAME_C);
  return { name: `${pick(NAME_A)} ${pick(NAME_B)} ${c}`, entity: ENTITY[c], state: pick(STATES) };
}

const ROLES = [
  { a: 'Licensor', b: 'Licensee', agr: 'Software License Agreement', thing: 'Licensed Software' },
  { a: 'Supplier', b: 'Customer', agr: 'Supply Agreement', thing: 'Products' },
  { a: 'Provider', b: 'Client', agr: 'Master Services Agreement', thing: 'Services' },
  { a: 'Consultant', b: 'Company', agr: 'Consulting Agreement', thing: 'Deliverables' },
  { a: 'Vendor', b: 'Purchaser', agr: 'Purchase Agreement', thing: 'Goods' },
  { a: 'Company', b: 'Distributor', agr: 'Distribution Agreement', thing: 'Products' },
  { a: 'Service Provider', b: 'Customer', agr: 'Subscription Agreement', thing: 'Subscription Services' },
];
const LEASE = { a: 'Landlord', b: 'Tenant', agr: 'Commercial Lease', thing: 'Premises' };

/** A party context: role names, company names, agreement title. */
function parties({ allowLease = false } = {}) {
  const r = allowLease && chance(0.2) ? LEASE : pick(ROLES);
  let ca = company();
  let cb = company();
  while (cb.name === ca.name) cb = company();
  return { ...r, ca, cb, lease: r === LEASE };
}

const JURIS = [
  { law: 'the State of Delaware', courts: 'the state and federal courts located in Wilmington, Delaware', short: 'Delaware' },
  { law: 'the State of New York', courts: 'the state and federal courts located in New York County, New York', short: 'New York' },
  { law: 'the State of California', courts: 'the state and federal courts located in San Francisco County, California', short: 'California' },
  { law: 'the State of Texas', courts: 'the state and federal courts located in Travis County, Texas', short: 'Texas' },
  { law: 'the State of Illinois', courts: 'the state and federal courts located in Cook County, Illinois', short: 'Illinois' },
  { law: 'the State of Washington', courts: 'the state and federal courts located in King County, Washington', short: 'Washington' },
  { law: 'the Commonwealth of Massachusetts', courts: 'the state and federal courts located in Suffolk County, Massachusetts', short: 'Massachusetts' },
  { law: 'England and Wales', courts: 'the courts of England and Wales sitting in London', short: 'England and Wales' },
  { law: 'the Province of Ontario and the federal laws of Canada applicable therein', courts: 'the courts of the Province of Ontario sitting in Toronto', short: 'Ontario' },
  { law: 'the Republic of Singapore', courts: 'the courts of Singapore', short: 'Singapore' },
];
const FOREIGN_IP = ['Germany', 'Japan', 'France', 'Brazil', 'South Korea', 'Italy'];

const sec = () => `${int(2, 18)}.${int(1, 9)}`;
/** Distinct section numbers. */
function secs(k) {
  const out = new Set();
  while (out.size < k) out.add(sec());
  return [...out];
}
function sectionLead() {
  return pick(['', '', `${sec()} `, `Section ${int(2, 18)}. `, `(${pick(['a', 'b', 'c', 'd'])}) `]);
}

// ---------------------------------------------------------------- classify

const LABELS = ['indemnification', 'limitation of liability', 'termination', 'confidentiality', 'governing law',
  'assignment', 'force majeure', 'payment terms'];
const HEADINGS = {
  indemnification: ['Indemnification', 'Indemnity'],
  'limitation of liability': ['Limitation of Liability', 'Limitations of Liability'],
  termination: ['Termination', 'Term and Termination'],
  confidentiality: ['Confidentiality', 'Confidential Information'],
  'governing law': ['Governing Law', 'Governing Law; Venue'],
  assignment: ['Assignment', 'Assignment and Delegation'],
  'force majeure': ['Force Majeure', 'Excused Performance'],
  'payment terms': ['Payment Terms', 'Fees and Payment', 'Invoicing and Payment'],
};

function classifyBody(label, p, hard) {
  const { a, b, thing } = p;
  const [s1, s2, s3, s4, s5] = secs(5);
  const n = pick([10, 15, 30, 45, 60, 90]);
  const core = [];
  const extras = [];
  const distract = [];
  switch (label) {
    case 'indemnification': {
      const cause = pick([
        `alleging that the ${thing} infringe or misappropriate any patent, copyright, trademark or trade secret of a third party`,
        `arising from ${a}'s gross negligence or willful misconduct`,
        `resulting from ${a}'s breach of its representations and warranties under this Agreement`,
        `for bodily injury, death or damage to tangible property caused by ${a}'s personnel`,
      ]);
      core.push(
        `${a} shall indemnify, defend and hold harmless ${b} and its officers, directors, employees and agents from and against any and all losses, damages, liabilities, costs and expenses (including reasonable attorneys' fees) arising out of any third-party claim ${cause}.`,
        `${a} agrees to defend ${b} against any claim brought by a third party ${cause}, and to pay all damages, costs and reasonable attorneys' fees finally awarded against ${b} or agreed in settlement of such claim.`,
      );
      extras.push(
        `${b} shall give ${a} prompt written notice of any such claim and reasonable cooperation in its defense, at ${a}'s expense.`,
        `${a} shall have sole control of the defense and settlement of any such claim, provided that ${a} may not settle any claim that imposes any liability or obligation on ${b} without ${b}'s prior written consent.`,
        `${b} may participate in the defense of any such claim with counsel of its own choosing at its own expense.`,
      );
      distract.push(
        `Subject to Section ${s1} (Limitation of Liability), `,
        `The obligations in this Section shall survive any termination or expiration of this Agreement, and the exclusion of consequential damages in Section ${s2} shall not limit amounts payable to third parties hereunder.`,
        `This Section states ${a}'s entire liability, and ${b}'s exclusive remedy, for any third-party claim described above, and is in addition to, not in lieu of, the confidentiality obligations in Section ${s3}.`,
      );
      break;
    }
    case 'limitation of liability': {
      const m = fmtEasyMoney(amount(50000, 5000000));
      core.push(
        `IN NO EVENT SHALL EITHER PARTY BE LIABLE TO THE OTHER FOR ANY INDIRECT, INCIDENTAL, CONSEQUENTIAL, SPECIAL, EXEMPLARY OR PUNITIVE DAMAGES, INCLUDING LOST PROFITS OR LOSS OF DATA, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGES.`,
        `Each party's total aggregate liability arising out of or related to this Agreement shall not exceed the total fees paid or payable by ${b} under this Agreement during the twelve (12) months preceding the event giving rise to the claim.`,
        `${a}'s maximum aggregate liability under this Agreement, whether in contract, tort (including negligence) or otherwise, shall be limited to ${m}.`,
      );
      extras.push(
        `The foregoing limitations shall apply regardless of the form of action and even if any limited remedy fails of its essential purpose.`,
        `The parties acknowledge that the fees reflect the allocation of risk set forth in this Section and that neither party would have entered into this Agreement without these limitations.`,
      );
      distract.push(
        `Except for (a) a party's indemnification obligations under Section ${s1}, (b) breaches of Section ${s2} (Confidentiality), and (c) ${b}'s obligation to pay fees when due, `,
        `Nothing in this Section shall limit either party's right to terminate this Agreement under Section ${s3} or to seek injunctive relief for a breach of its confidentiality obligations.`,
        `This Section shall survive any termination or expiration of this Agreement.`,
      );
      break;
    }
    case 'termination': {
      core.push(
        `Either party may terminate this Agreement upon ${wn(n)} days' written notice if the other party materially breaches this Agreement and fails to cure such breach within such ${n}-day period.`,
        `${b} may terminate this Agreement for convenience at any time upon ${wn(n)} days' prior written notice to ${a}.`,
        `Either party may terminate this Agreement immediately upon written notice if the other party becomes insolvent, makes a general assignment for the benefit of creditors, or becomes the subject of any voluntary or involuntary bankruptcy proceeding.`,
      );
      extras.push(
        `Upon termination, ${b} shall cease all use of the ${thing} and pay all fees accrued through the effective date of termination.`,
        `Termination shall not relieve either party of any obligation accrued prior to the effective date of termination.`,
        `Within thirty (30) days after the effective date of termination, each party shall return to the other all property of the other party in its possession.`,
      );
      distract.push(
        `Without prejudice to Section ${s4} (Payment Terms), `,
        `A material breach includes, without limitation, ${b}'s failure to pay undisputed fees within thirty (30) days after notice of non-payment, or any assignment in violation of Section ${s5}.`,
        `Sections ${s1} (Confidentiality), ${s2} (Indemnification) and ${s3} (Limitation of Liability) shall survive any termination or expiration of this Agreement.`,
      );
      break;
    }
    case 'confidentiality': {
      core.push(
        `Each party (the "Receiving Party") shall hold in strict confidence all non-public information disclosed by the other party (the "Disclosing Party") and shall not disclose such information to any third party other than its employees and advisors who have a need to know and are bound by obligations of confidentiality no less protective than those herein.`,
        `${b} shall use the Confidential Information of ${a} solely to perform its obligations under this Agreement and shall protect it using at least the same degree of care it uses to protect its own confidential information, but in no event less than reasonable care.`,
      );
      extras.push(
        `Confidential Information does not include information that (a) is or becomes publicly available through no fault of the Receiving Party, (b) was known to the Receiving Party before disclosure, or (c) is independently developed without use of the Disclosing Party's information.`,
        `The Receiving Party may disclose Confidential Information to the extent required by law, provided it gives the Disclosing Party prompt notice and reasonable assistance in seeking a protective order.`,
        `The obligations in this Section shall continue for ${wn(int(2, 7))} years after the disclosure of the relevant information.`,
      );
      distract.push(
        `Notwithstanding any termination or expiration of this Agreement under Section ${s1}, `,
        `Any breach of this Section may cause irreparable harm for which monetary damages would be inadequate, and the Disclosing Party shall be entitled to seek injunctive relief in addition to its rights under Section ${s2} (Indemnification).`,
        `The limitation of liability in Section ${s3} shall not apply to a breach of this Section.`,
      );
      break;
    }
    case 'governing law': {
      const j = pick(JURIS);
      core.push(
        `This Agreement shall be governed by and construed in accordance with the laws of ${j.law}, without giving effect to any choice or conflict of law provision or rule.`,
        `All matters arising out of or relating to this Agreement shall be governed by the internal laws of ${j.law}, without regard to its conflict of laws principles.`,
      );
      extras.push(
        `Each party irrevocably submits to the exclusive jurisdiction of ${j.courts} for any action arising out of this Agreement.`,
        `The United Nations Convention on Contracts for the International Sale of Goods shall not apply to this Agreement.`,
        `Each party waives any objection to venue in such courts, including any objection based on inconvenient forum.`,
      );
      distract.push(
        `Including with respect to any dispute concerning the termination, assignment, indemnification or payment provisions hereof, `,
        `Notwithstanding the foregoing, either party may seek injunctive relief to protect its Confidential Information in any court of competent jurisdiction, and nothing in this Section limits Section ${s1} (Limitation of Liability).`,
      );
      break;
    }
    case 'assignment': {
      core.push(
        `Neither party may assign or transfer this Agreement, in whole or in part, by operation of law or otherwise, without the prior written consent of the other party, which consent shall not be unreasonably withheld.`,
        `${b} shall not assign any of its rights or delegate any of its obligations under this Agreement without ${a}'s prior written consent.`,
      );
      extras.push(
        `Any purported assignment or delegation in violation of this Section shall be null and void.`,
        `Subject to the foregoing, this Agreement shall be binding upon and inure to the benefit of the parties and their respective successors and permitted assigns.`,
        `No assignment shall relieve the assigning party of any of its obligations hereunder.`,
      );
      distract.push(
        `Except as provided in Section ${s1}, `,
        `Notwithstanding the foregoing, either party may assign this Agreement without consent to a successor in connection with a merger, acquisition or sale of all or substantially all of its assets, and any attempted assignment in violation of this Section shall constitute a material breach entitling the other party to terminate this Agreement under Section ${s2}.`,
        `The confidentiality obligations in Section ${s3} shall bind any permitted assignee.`,
      );
      break;
    }
    case 'force majeure': {
      const events = pick([
        'acts of God, flood, fire, earthquake, epidemic, war, terrorism, civil unrest, labor disputes or governmental action',
        'strikes, lockouts, embargoes, pandemics, failures of public utilities or acts of any governmental authority',
        'natural disasters, acts of war or terrorism, riots, cyberattacks not caused by the affected party, or shortages of carriers',
      ]);
      core.push(
        `Neither party shall be liable for any failure or delay in performing its obligations under this Agreement to the extent such failure or delay is caused by events beyond its reasonable control, including ${events} (each, a "Force Majeure Event").`,
        `${a} shall not be responsible for any delay in delivery or performance caused by ${events}, or any other cause beyond its reasonable control.`,
      );
      extras.push(
        `The affected party shall promptly notify the other party of the Force Majeure Event and use commercially reasonable efforts to mitigate its effects.`,
        `The time for performance shall be extended for a period equal to the duration of the Force Majeure Event.`,
      );
      distract.push(
        `Except for ${b}'s obligations to pay fees under Section ${s1}, which shall not be excused, `,
        `If a Force Majeure Event continues for more than ${wn(pick([30, 60, 90]))} days, the unaffected party may terminate the affected portion of this Agreement upon written notice, without liability under Section ${s2} (Limitation of Liability).`,
      );
      break;
    }
    case 'payment terms': {
      const freq = pick(['monthly', 'quarterly', 'annually']);
      core.push(
        `${b} shall pay all invoiced amounts within ${wn(n)} days of the date of the invoice.`,
        `${a} shall invoice ${b} ${freq} in advance, and all fees are payable in US dollars by wire transfer or ACH to the account designated by ${a}.`,
        `The fees set forth in Exhibit ${pick(['A', 'B', 'C'])} are due and payable ${pick(['net thirty (30) days from the invoice date', 'upon receipt of invoice', 'on the first business day of each calendar quarter'])}.`,
      );
      extras.push(
        `Late payments shall bear interest at the rate of ${pick(['1%', '1.5%', '2%'])} per month or the highest rate permitted by law, whichever is lower.`,
        `All fees are exclusive of taxes, which ${b} shall pay, except for taxes based on ${a}'s net income.`,
        `${b} shall reimburse ${a} for reasonable, pre-approved out-of-pocket expenses within thirty (30) days of receipt of supporting documentation.`,
      );
      distract.push(
        `Except for amounts disputed in good faith under Section ${s1}, `,
        `If any undisputed amount remains unpaid more than ${wn(pick([15, 30]))} days after written notice, ${a} may suspend performance or terminate this Agreement under Section ${s2}, and such payment obligations shall not be excused by any force majeure event.`,
      );
      break;
    }
  }
  if (!hard) {
    const sentences = [pick(core), ...sample(extras, int(0, 2))];
    return sentences.join(' ');
  }
  // Hard: no heading, a subordinate lead-in and/or sentences that mention other clause types.
  const leads = distract.filter((d) => d.endsWith(', '));
  const tails = distract.filter((d) => !d.endsWith(', '));
  let first = pick(core);
  if (leads.length && chance(0.7)) first = pick(leads) + lowerFirst(first);
  const rest = [...sample(tails, Math.min(tails.length, int(1, 2))), ...sample(extras, int(0, 1))];
  return [first, ...shuffle(rest)].join(' ');
}
function lowerFirst(s) {
  // Keep all-caps sentences and defined role names ("Licensee shall") capitalized.
  if (/^[A-Z]{2,}/.test(s)) return s;
  const firstWord = s.split(' ')[0];
  if (['Each', 'Either', 'Neither', 'All', 'The', 'This', 'Any', 'No', 'Upon', 'Within', 'In', 'If', 'As', 'Such', 'Commencing'].includes(firstWord)) {
    return s.charAt(0).toLowerCase() + s.slice(1);
  }
  return s;
}

function genClassify(hard) {
  const p = parties();
  const label = pick(LABELS);
  let clause = classifyBody(label, p, hard);
  if (!hard && chance(0.35)) clause = `${int(2, 18)}. ${pick(HEADINGS[label])}. ${clause}`;
  else if (hard) clause = `${pick([`Section ${sec()}`, sec(), `${int(2, 18)}.${int(1, 9)}(${pick(['a', 'b', 'c'])})`])} ${clause}`;
  else clause = sectionLead() + clause;
  return {
    clause,
    question: pick([
      'Which type of contract clause is this? Answer with exactly one of the choices.',
      'Classify this clause. Answer with exactly one of the listed choices.',
      'What kind of provision is this clause? Answer with exactly one of the choices.',
    ]),
    expected: label,
    choices: shuffle(LABELS),
    feature: 'distractor',
  };
}

// ---------------------------------------------------------------- extract-date

function dateClauseEasy(p, kind, dt) {
  const { a, b, ca, cb, agr, thing } = p;
  const d = fmtEasyDate(dt);
  const s = sec();
  switch (kind) {
    case 'effective':
      return {
        clause: pick([
          `This ${agr} (this "Agreement") is entered into as of ${d} (the "Effective Date") by and between ${ca.name}, a ${ca.state} ${ca.entity} ("${a}"), and ${cb.name}, a ${cb.state} ${cb.entity} ("${b}").`,
          `This Agreement shall become effective on ${d} (the "Effective Date") and shall remain in force for ${wn(int(1, 5))} years thereafter, unless terminated earlier in accordance with Section ${s}.`,
          `This ${agr} is made and entered into effective ${d} (the "Effective Date"), by and between ${ca.name} ("${a}") and ${cb.name} ("${b}").`,
        ]),
        question: pick(['What is the Effective Date of this Agreement?', 'On what date does this Agreement take effect?']) + DATE_SUFFIX,
      };
    case 'expiration':
      return {
        clause: pick([
          `Unless terminated earlier in accordance with Section ${s}, this Agreement shall expire on ${d}.`,
          `The term of this Agreement (the "Term") shall end at 11:59 p.m. Eastern Time on ${d}, unless extended by written agreement of the parties.`,
          `${b}'s license to use the ${thing} shall terminate automatically on ${d}, and ${b} shall thereafter cease all use of the ${thing}.`,
        ]),
        question: pick(['On what date does the Term of this Agreement expire?', 'What is the termination (expiration) date stated in this clause?']) + DATE_SUFFIX,
      };
    case 'notice':
      return {
        clause: pick([
          `${b} may extend the Term for one additional year by delivering written notice of its election to renew to ${a} no later than ${d}.`,
          `Any notice of non-renewal must be received by ${a} on or before ${d}; notices received after such date shall be of no effect.`,
          `${b} shall deliver to ${a} written notice of any disputed charges not later than ${d}, failing which such charges shall be deemed accepted.`,
        ]),
        question: pick(['What is the deadline for delivering the notice described in this clause?', 'By what date must the notice described in this clause be delivered?']) + DATE_SUFFIX,
      };
  }
  throw new Error(kind);
}

function genDate(hard) {
  const p = parties({ allowLease: true });
  const { a, b, ca, cb, agr } = p;
  if (!hard) {
    const dt = randDate();
    const kind = pick(['effective', 'expiration', 'notice']);
    const { clause, question } = dateClauseEasy(p, kind, dt);
    return { clause: sectionLead() + clause, question, expected: iso(dt) };
  }
  const variant = pick(['multi', 'multi', 'amended', 'computed', 'computed', 'words', 'format']);
  const [s1, s2] = secs(2);
  const hardStyle = () => pick(['long', 'intl', 'ordinal', 'longth', 'ordinalNum']);
  switch (variant) {
    case 'multi': {
      // Effective date < notice deadline < expiration date; question asks for one of them.
      const eff = randDate(2024, 2028);
      const exp = addDays(eff, 365 * int(1, 4) + int(-20, 20));
      const notice = addDays(exp, -pick([30, 45, 60, 90, 120]));
      const f = (dt) => { const st = hardStyle(); return fmtDate(dt, st === 'slash' && dt.d <= 12 ? 'long' : st); };
      const clause = [
        `Except as provided in Section ${s1}, this ${agr} shall commence on ${f(eff)} (the "Effective Date") and, notwithstanding the date of its execution, shall continue until ${f(exp)} (the "Expiration Date"), unless sooner terminated under Section ${s2}.`,
        pick([
          `${b} may elect not to renew by written notice delivered to ${a} on or before ${f(notice)}.`,
          `Any notice of non-renewal shall be ineffective unless received by ${a} no later than ${f(notice)}.`,
        ]),
      ].join(' ');
      const which = pick(['effective', 'expiration', 'notice']);
      const q = {
        effective: ['What is the Effective Date of this Agreement?', iso(eff)],
        expiration: ['What is the Expiration Date of this Agreement?', iso(exp)],
        notice: ['What is the last date on which a notice of non-renewal can be delivered?', iso(notice)],
      }[which];
      return { clause, question: q[0] + DATE_SUFFIX, expected: q[1], feature: 'multi-value' };
    }
    case 'amended': {
      const orig = randDate(2025, 2029);
      const amendDate = addDays(orig, -int(30, 200));
      const ext = addDays(orig, pick([90, 180, 182, 365, 366, 270]) + int(0, 20));
      const k = int(1, 4);
      const clause = pick([
        `Section ${s1} of the Agreement provides that the Term shall expire on ${fmtDate(orig, hardStyle())}. Pursuant to Amendment No. ${k}, dated ${fmtDate(amendDate, hardStyle())}, the parties agree that, notwithstanding Section ${s1} and except as provided in Section ${s2} with respect to early termination, the Term shall instead expire on ${fmtDate(ext, hardStyle())}.`,
        `The Closing originally scheduled for ${fmtDate(orig, hardStyle())} is hereby postponed, and the Closing Date shall be ${fmtDate(ext, hardStyle())}; provided that nothing in this Amendment No. ${k}, executed on ${fmtDate(amendDate, hardStyle())}, shall extend any deadline under Section ${s2}.`,
      ]);
      const question = clause.startsWith('The Closing')
        ? 'Taking this amendment into account, what is the Closing Date?'
        : 'Taking the amendment into account, on what date does the Term expire?';
      return { clause, question: question + DATE_SUFFIX, expected: iso(ext), feature: 'amended' };
    }
    case 'computed': {
      const base = randDate(2025, 2030);
      const n = pick([30, 45, 60, 90, 120, 180]);
      if (chance(0.5)) {
        const deadline = addDays(base, -n);
        const clause = `The Initial Term expires on ${fmtDate(base, hardStyle())}. Except as otherwise provided in Section ${s1}, ${b} may exercise its renewal option only by written notice delivered to ${a} no later than ${wn(n)} days before the expiration of the Initial Term; any notice delivered after such date shall be void.`;
        return { clause, question: `What is the last date on which ${b} may deliver its renewal notice?` + DATE_SUFFIX, expected: iso(deadline), feature: 'computed' };
      }
      const eff = addDays(base, n);
      const clause = `${ca.name} ("${a}") and ${cb.name} ("${b}") executed this ${agr} on ${fmtDate(base, hardStyle())} (the "Execution Date"). Notwithstanding the Execution Date, this Agreement shall become effective on the date that is ${wn(n)} days after the Execution Date (the "Effective Date"), subject to Section ${s1}.`;
      return { clause, question: 'What is the Effective Date of this Agreement?' + DATE_SUFFIX, expected: iso(eff), feature: 'computed' };
    }
    case 'words': {
      const dt = randDate();
      const kind = pick(['effective', 'expiration']);
      const clause = kind === 'effective'
        ? `IN WITNESS WHEREOF, this ${agr} is made and entered into as of ${fmtDate(dt, 'words')} (the "Effective Date"), by and between ${ca.name} ("${a}") and ${cb.name} ("${b}"), who, except as otherwise provided in Section ${s1}, agree as follows.`
        : `Unless renewed pursuant to Section ${s1} or sooner terminated pursuant to Section ${s2}, this Agreement shall remain in full force and effect until ${fmtDate(dt, 'words')}, on which date it shall expire.`;
      const question = kind === 'effective' ? 'What is the Effective Date of this Agreement?' : 'On what date does this Agreement expire?';
      return { clause, question: question + DATE_SUFFIX, expected: iso(dt), feature: 'words' };
    }
    case 'format': {
      // An ambiguous-looking DD/MM/YYYY date (day <= 12) with the convention stated elsewhere.
      const y = int(2025, 2031);
      let m = int(1, 12);
      let d = int(1, 12);
      while (d === m) d = int(1, 12);
      const dt = { y, m, d };
      const other = addDays(dt, -int(60, 400));
      const kind = pick(['expiration', 'notice']);
      const conv = pick([
        'All dates in this Agreement are expressed in the format DD/MM/YYYY.',
        'For the avoidance of doubt, dates herein are written day/month/year.',
      ]);
      const clause = kind === 'expiration'
        ? `This Agreement, signed on ${fmtDate(other, 'long')}, shall expire on ${fmtDate(dt, 'slash')} unless renewed under Section ${s1}. ${conv}`
        : `${conv} Except as provided in Section ${s1}, ${b} shall deliver any notice of termination for convenience no later than ${fmtDate(dt, 'slash')}, and in no event before ${fmtDate(other, 'long')}.`;
      const question = kind === 'expiration' ? 'On what date does this Agreement expire?' : `What is the deadline for ${b} to deliver a notice of termination for convenience?`;
      return { clause, question: question + DATE_SUFFIX, expected: iso(dt), feature: 'date-format' };
    }
  }
  throw new Error(variant);
}

// ---------------------------------------------------------------- extract-amount

const AMOUNT_KINDS = {
  cap: { range: [50000, 10000000], q: (p) => `What is the liability cap (maximum aggregate liability) stated in this clause, in US dollars?` },
  fee: { range: [2000, 600000], q: () => 'What is the annual fee stated in this clause, in US dollars?' },
  deposit: { range: [1000, 150000], q: () => 'What is the amount of the security deposit, in US dollars?' },
  termFee: { range: [10000, 2000000], q: () => 'What is the early termination fee, in US dollars?' },
  rent: { range: [1500, 90000], q: () => 'What is the monthly Base Rent, in US dollars?' },
};

function amountSentence(kind, p, m) {
  const { a, b, thing } = p;
  const s = sec();
  switch (kind) {
    case 'cap':
      return pick([
        `In no event shall ${a}'s aggregate liability arising out of or relating to this Agreement exceed ${m}.`,
        `${a}'s total cumulative liability under this Agreement, whether in contract, tort (including negligence) or otherwise, shall be limited to ${m}.`,
        `The maximum aggregate liability of either party for all claims arising under this Agreement shall not exceed ${m}.`,
      ]);
    case 'fee':
      return pick([
        `In consideration of the rights granted herein, ${b} shall pay ${a} an annual fee of ${m}, payable within thirty (30) days after each anniversary of the Effective Date.`,
        `The annual fee for the ${thing} is ${m}, invoiced annually in advance in accordance with Section ${s}.`,
        `${b} shall pay ${a} a fee of ${m} per year for the ${thing}.`,
      ]);
    case 'deposit':
      return pick([
        `Upon execution of this Agreement, ${b} shall deposit with ${a} the sum of ${m} as a security deposit, to be held as security for the faithful performance of ${b}'s obligations hereunder.`,
        `${b} shall pay a refundable security deposit of ${m} on or before the Commencement Date.`,
        `As security for its obligations, ${b} shall deliver to ${a} a security deposit in the amount of ${m}, which ${a} shall return within sixty (60) days after the end of the Term, less any amounts properly applied under Section ${s}.`,
      ]);
    case 'termFee':
      return pick([
        `If ${b} terminates this Agreement for convenience prior to the end of the Initial Term, ${b} shall pay ${a} an early termination fee of ${m}.`,
        `Upon any early termination by ${b} under Section ${s}, ${b} shall pay an early termination fee equal to ${m}, which the parties agree is a reasonable estimate of ${a}'s damages and not a penalty.`,
      ]);
    case 'rent':
      return pick([
        `Tenant shall pay Base Rent in the amount of ${m} per month, in advance, on the first day of each calendar month during the Term.`,
        `Commencing on the Rent Commencement Date, Tenant shall pay to Landlord monthly Base Rent of ${m}, without demand, deduction or set-off.`,
      ]);
  }
  throw new Error(kind);
}

function genAmount(hard) {
  if (!hard) {
    const kind = pick(['cap', 'cap', 'fee', 'fee', 'deposit', 'termFee', 'rent']);
    const p = kind === 'rent' ? { ...parties(), ...LEASE } : parties({ allowLease: kind === 'deposit' });
    const [lo, hi] = AMOUNT_KINDS[kind].range;
    const n = amount(lo, hi);
    let clause = amountSentence(kind, p, fmtEasyMoney(n));
    if (chance(0.4)) {
      clause += ' ' + pick([
        `Such amount shall be payable by wire transfer to the account designated in writing by ${p.a}.`,
        `The parties acknowledge that this amount was specifically negotiated.`,
        `This Section shall survive any termination or expiration of this Agreement.`,
      ]);
    }
    return { clause: sectionLead() + clause, question: AMOUNT_KINDS[kind].q(p) + AMOUNT_SUFFIX, expected: n };
  }
  const variant = pick(['words', 'words', 'multi', 'multi', 'multi', 'computed', 'computed', 'amended']);
  const p = parties();
  const { a, b, thing } = p;
  const [s1, s2, s3] = secs(3);
  switch (variant) {
    case 'words': {
      const kind = pick(['cap', 'fee', 'deposit', 'termFee']);
      const [lo, hi] = AMOUNT_KINDS[kind].range;
      const n = amount(lo, hi);
      const clause = `Except as provided in Section ${s1}, and notwithstanding anything to the contrary in Section ${s2}, ` + lowerFirst(amountSentence(kind, p, fmtHardMoney(n)));
      return { clause, question: AMOUNT_KINDS[kind].q(p) + AMOUNT_SUFFIX, expected: n, feature: 'words' };
    }
    case 'multi': {
      const sub = pick(['supercap', 'feeDeposit', 'installments']);
      if (sub === 'supercap') {
        const general = amount(100000, 3000000);
        let enhanced = amount(general * 2, general * 5);
        if (enhanced === general) enhanced = general * 3;
        const topic = pick(['Data Protection', 'Confidentiality', 'Security Incidents']);
        const m1 = chance(0.5) ? fmtEasyMoney(general) : fmtHardMoney(general);
        const m2 = chance(0.5) ? fmtEasyMoney(enhanced) : fmtHardMoney(enhanced);
        const clause = `Except as provided in Section ${s1}, ${a}'s aggregate liability under this Agreement shall not exceed ${m1} (the "General Cap"); provided, however, that notwithstanding the foregoing, ${a}'s aggregate liability for breaches of Section ${s2} (${topic}) shall not exceed ${m2} (the "Enhanced Cap"), and amounts paid under the Enhanced Cap shall not reduce the General Cap.`;
        const askEnhanced = chance(0.5);
        return {
          clause,
          question: (askEnhanced
            ? `What is the maximum aggregate liability of ${a} for breaches of Section ${s2} (${topic}), in US dollars?`
            : `What is the maximum aggregate liability of ${a} for claims other than breaches of Section ${s2}, in US dollars?`) + AMOUNT_SUFFIX,
          expected: askEnhanced ? enhanced : general,
          feature: 'multi-value',
        };
      }
      if (sub === 'feeDeposit') {
        const fee = amount(5000, 600000);
        let dep = amount(1000, Math.max(2000, Math.floor(fee / 2)));
        if (dep === fee) dep = Math.round(fee / 4);
        const clause = `${b} shall pay ${a} an annual fee of ${fmtEasyMoney(fee)} for the ${thing}. In addition, upon execution ${b} shall deposit ${chance(0.5) ? fmtEasyMoney(dep) : fmtHardMoney(dep)} with ${a} as security, which deposit shall not be applied against the annual fee except as provided in Section ${s1}.`;
        const askDep = chance(0.5);
        return {
          clause,
          question: (askDep ? AMOUNT_KINDS.deposit.q() : AMOUNT_KINDS.fee.q()) + AMOUNT_SUFFIX,
          expected: askDep ? dep : fee,
          feature: 'multi-value',
        };
      }
      const quarterly = amount(1000, 150000);
      const annual = quarterly * 4;
      const clause = `Subject to Section ${s1}, ${b} shall pay ${a} an annual fee of ${fmtEasyMoney(annual)}, payable in four (4) equal quarterly installments of ${fmtEasyMoney(quarterly)} each, the first of which is due on the Effective Date.`;
      const askQ = chance(0.5);
      return {
        clause,
        question: (askQ ? 'What is the amount of each quarterly installment, in US dollars?' : 'What is the total annual fee, in US dollars?') + AMOUNT_SUFFIX,
        expected: askQ ? quarterly : annual,
        feature: 'multi-value',
      };
    }
    case 'computed': {
      const sub = pick(['greater', 'lesser', 'deposit', 'perUser']);
      if (sub === 'greater' || sub === 'lesser') {
        const x = amount(50000, 2000000);
        let y = amount(50000, 2000000);
        while (y === x) y = amount(50000, 2000000);
        const fx = chance(0.5) ? fmtEasyMoney(x) : fmtHardMoney(x);
        const clause = sub === 'greater'
          ? `Except for liability arising under Section ${s1} (Indemnification), ${a}'s aggregate liability under this Agreement shall not exceed the greater of (a) ${fx} and (b) ${fmtEasyMoney(y)}.`
          : `Notwithstanding Section ${s1}, ${a}'s aggregate liability under this Agreement shall not exceed the lesser of (a) ${fx} and (b) ${fmtEasyMoney(y)}.`;
        return {
          clause,
          question: `What is the resulting cap on ${a}'s aggregate liability, in US dollars?` + AMOUNT_SUFFIX,
          expected: sub === 'greater' ? Math.max(x, y) : Math.min(x, y),
          feature: 'computed',
        };
      }
      if (sub === 'deposit') {
        const rent = amount(1500, 60000);
        const months = pick([2, 3, 6]);
        const clause = `Tenant shall pay monthly Base Rent of ${fmtEasyMoney(rent)}. Except as provided in Section ${s1}, on the Commencement Date Tenant shall deliver to Landlord a security deposit equal to ${wn(months)} months' Base Rent, which shall not be deemed prepaid rent.`;
        return { clause, question: AMOUNT_KINDS.deposit.q() + AMOUNT_SUFFIX, expected: rent * months, feature: 'computed' };
      }
      const per = pick([120, 150, 180, 200, 240, 300, 360, 450, 600, 900, 1200]);
      const users = pick([25, 40, 50, 75, 100, 150, 200, 250, 500]);
      const clause = `Subject to Section ${s1}, the annual subscription fee shall equal ${fmtEasyMoney(per)} per Authorized User per year, and ${b} hereby purchases ${wn(users)} Authorized User subscriptions for the initial subscription year.`;
      return { clause, question: `What is the total annual subscription fee for the initial subscription year, in US dollars?` + AMOUNT_SUFFIX, expected: per * users, feature: 'computed' };
    }
    case 'amended': {
      const oldFee = amount(5000, 500000);
      let newFee = Math.round((oldFee * pick([1.03, 1.05, 1.1, 1.15, 1.2, 1.25])) / 100) * 100;
      if (newFee === oldFee) newFee = oldFee + 500;
      const dt = fmtEasyDate(randDate(2025, 2029));
      const clause = pick([
        `Effective as of ${dt}, the annual fee set forth in Section ${s1} of the Agreement is hereby increased from ${fmtEasyMoney(oldFee)} to ${fmtEasyMoney(newFee)}. Except as expressly modified by this Amendment, including Section ${s2}, the Agreement remains unchanged.`,
        `Section ${s1} of the Agreement is hereby amended by deleting the amount "${fmtMoney(oldFee, 'dollar')}" and replacing it with "${fmtMoney(newFee, 'dollar')}", such that, notwithstanding Section ${s3}, the annual fee payable by ${b} from ${dt} onward shall be the amended amount.`,
      ]);
      return { clause, question: 'After this amendment, what is the annual fee, in US dollars?' + AMOUNT_SUFFIX, expected: newFee, feature: 'amended' };
    }
  }
  throw new Error(variant);
}

// ---------------------------------------------------------------- yes-no

const YN_SCENARIOS = ['assignment', 'convenience', 'cap', 'renewal', 'survival', 'interest', 'forceMajeure', 'law'];

function genYesNo(hard) {
  const p = parties();
  const { a, b } = p;
  const want = chance(0.5) ? 'yes' : 'no';
  const yes = want === 'yes';
  const [s1, s2, s3] = secs(3);
  const n = pick([30, 45, 60, 90]);
  const scenario = pick(YN_SCENARIOS);
  let clause;
  let question;
  let feature = 'exception';
  switch (scenario) {
    case 'assignment':
      if (!hard) {
        clause = yes
          ? pick([
            `${b} may assign this Agreement, in whole or in part, without the consent of ${a}, provided that ${b} gives ${a} written notice of the assignment within thirty (30) days thereafter.`,
            `Either party may freely assign or transfer this Agreement without the consent of the other party.`,
          ])
          : pick([
            `${b} may not assign this Agreement without the prior written consent of ${a}. Any attempted assignment without such consent shall be void.`,
            `Neither party may assign this Agreement, by operation of law or otherwise, without the prior written consent of the other party.`,
          ]);
        question = `May ${b} assign this Agreement without ${a}'s consent?`;
      } else if (chance(0.6)) {
        clause = `Neither party may assign this Agreement without the prior written consent of the other party; provided, however, that either party may assign this Agreement without such consent to an Affiliate or to a successor in connection with a merger, acquisition or sale of all or substantially all of its assets, except that no assignment without consent may be made to a direct competitor of the other party. Any assignment in violation of this Section shall be void.`;
        question = yes
          ? pick([
            `May ${b} assign this Agreement to one of its Affiliates (which is not a competitor of ${a}) without ${a}'s consent?`,
            `May ${b}, without ${a}'s consent, assign this Agreement to the surviving entity of a merger, where that entity is not a competitor of ${a}?`,
          ])
          : pick([
            `May ${b}, without ${a}'s consent, assign this Agreement to an acquirer of substantially all of its assets if that acquirer is a direct competitor of ${a}?`,
            `May ${b} assign this Agreement to an unaffiliated third party, other than in connection with a merger or sale of assets, without ${a}'s consent?`,
          ]);
      } else {
        feature = 'double-negative';
        clause = `${a} shall not assign this Agreement without ${b}'s prior written consent. Nothing in this Section shall be construed to prohibit ${a} from assigning, without ${b}'s consent, its right to receive payments under this Agreement, except as provided in Section ${s1}.`;
        question = yes
          ? `May ${a} assign its right to receive payments under this Agreement without ${b}'s consent?`
          : `May ${a} assign the Agreement as a whole (not merely its right to receive payments) without ${b}'s consent?`;
      }
      break;
    case 'convenience':
      if (!hard) {
        clause = yes
          ? pick([
            `${b} may terminate this Agreement for convenience at any time upon ${wn(n)} days' prior written notice to ${a}.`,
            `Either party may terminate this Agreement without cause upon ${wn(n)} days' written notice to the other party.`,
            `${b} may, at its option and for any reason or no reason, terminate this Agreement by giving ${a} at least ${wn(n)} days' written notice.`,
          ])
          : pick([
            `Neither party may terminate this Agreement for convenience. This Agreement may be terminated only for cause as provided in Section ${s1}.`,
            `This Agreement may be terminated by either party only upon the other party's uncured material breach; no party shall have any right to terminate this Agreement for convenience.`,
            `${b} acknowledges that it has no right to terminate this Agreement before the end of the Term except for ${a}'s material breach as described in Section ${s1}.`,
          ]);
        question = `May ${b} terminate this Agreement for convenience?`;
      } else if (chance(0.5)) {
        feature = 'double-negative';
        clause = `Notwithstanding Section ${s1}, ${b} shall not be prevented from terminating this Agreement for convenience upon ${wn(n)} days' written notice, except that no such termination may take effect during the Initial Term unless ${b} pays the early termination fee set forth in Section ${s2}.`;
        question = yes
          ? `May ${b} terminate this Agreement for convenience with effect after the Initial Term has ended, without paying any early termination fee?`
          : `May ${b} terminate this Agreement for convenience with effect during the Initial Term without paying the early termination fee?`;
      } else {
        feature = 'double-negative';
        clause = `${a} may not terminate this Agreement for convenience; provided, however, that nothing in this sentence shall limit ${a}'s right to terminate this Agreement under Section ${s1} if ${b} fails to cure a material breach within ${wn(n)} days after written notice.`;
        question = yes
          ? `May ${a} terminate this Agreement if ${b} fails to cure a material breach within ${n} days after written notice?`
          : `May ${a} terminate this Agreement for convenience?`;
      }
      break;
    case 'cap':
      if (!hard) {
        clause = `${a}'s aggregate liability under this Agreement shall not exceed the fees paid by ${b} in the twelve (12) months preceding the claim. ` + (yes
          ? pick([`This limitation applies to all claims, including claims for indemnification.`, `For clarity, amounts payable by ${a} under Section ${s2} (Indemnification) are subject to, and count toward, this limitation.`])
          : pick([`The foregoing limitation shall not apply to ${a}'s indemnification obligations.`, `${a}'s obligations under Section ${s2} (Indemnification) are excluded from, and shall not be subject to, this limitation.`]));
        question = `Does the liability cap apply to ${a}'s indemnification obligations?`;
      } else {
        clause = `Except as provided in Section ${s1}, each party's aggregate liability shall not exceed the fees paid in the twelve (12) months preceding the claim (the "Cap"). The Cap shall not apply to (a) a party's indemnification obligations under Section ${s2}, or (b) a party's gross negligence or willful misconduct; provided, however, that notwithstanding clause (a), a party's indemnification obligations for claims arising from a Security Incident shall remain subject to the Cap.`;
        question = yes
          ? pick([
            `Is a party's indemnification obligation for a third-party claim arising from a Security Incident subject to the Cap?`,
            `Is a party's liability for an ordinary breach of contract (not involving indemnification, gross negligence or willful misconduct) subject to the Cap?`,
          ])
          : pick([
            `Is a party's indemnification obligation for a third-party intellectual property infringement claim (not arising from a Security Incident) subject to the Cap?`,
            `Is a party's liability for its willful misconduct subject to the Cap?`,
          ]);
      }
      break;
    case 'renewal': {
      const k = pick([1, 2, 3]);
      if (!hard) {
        clause = yes
          ? pick([
            `Upon expiration of the Initial Term, this Agreement shall automatically renew for successive ${words(k)}-year renewal terms unless either party gives written notice of non-renewal at least ${wn(n)} days before the end of the then-current term.`,
            `This Agreement will renew automatically for additional periods of ${wn(k)} year${k === 1 ? '' : 's'} each, unless ${b} notifies ${a} in writing of its intent not to renew.`,
          ])
          : pick([
            `This Agreement shall expire at the end of the Initial Term and shall not renew automatically. Any renewal shall require a written agreement signed by both parties.`,
            `The Initial Term shall be ${wn(k)} year${k === 1 ? '' : 's'}. The parties may renew this Agreement only by mutual written agreement executed before the end of the Initial Term.`,
          ]);
        question = `Absent any notice from either party, does this Agreement automatically renew at the end of the Initial Term?`;
      } else {
        feature = 'double-negative';
        clause = `This Agreement shall not terminate upon expiration of the Initial Term unless either party has delivered written notice of non-renewal at least ${wn(n)} days before the end of the Initial Term; absent such timely notice, this Agreement shall continue for successive ${words(k)}-year terms, except as provided in Section ${s1}.`;
        question = yes
          ? pick([
            `If neither party delivers any notice of non-renewal, does the Agreement continue beyond the Initial Term?`,
            `If ${b}'s only notice of non-renewal was delivered ${n - 10} days before the end of the Initial Term, does the Agreement continue beyond the Initial Term?`,
          ])
          : `If ${b} delivered a notice of non-renewal ${n + 15} days before the end of the Initial Term, does the Agreement continue beyond the Initial Term?`;
      }
      break;
    }
    case 'survival': {
      const yrs = int(2, 7);
      if (!hard) {
        clause = yes
          ? pick([
            `The obligations of the Receiving Party under this Section shall survive the termination or expiration of this Agreement for a period of ${wn(yrs)} years.`,
            `${b}'s duty to keep ${a}'s Confidential Information confidential shall continue in effect after any termination or expiration of this Agreement.`,
          ])
          : pick([
            `The obligations of the Receiving Party under this Section shall terminate upon the expiration or termination of this Agreement and shall not survive.`,
            `${b}'s confidentiality obligations under this Section apply only during the Term and end when this Agreement terminates or expires.`,
          ]);
        question = `Do the confidentiality obligations in this clause survive termination of the Agreement?`;
      } else {
        feature = 'computed';
        clause = `Except with respect to trade secrets, which shall be protected for so long as they qualify as trade secrets under applicable law, the Receiving Party's obligations under this Section shall survive for ${wn(yrs)} years following termination or expiration of this Agreement, notwithstanding Section ${s1}.`;
        question = yes
          ? pick([
            `Must the Receiving Party still protect Confidential Information that is not a trade secret ${yrs - 1} year${yrs - 1 === 1 ? '' : 's'} after termination?`,
            `Must the Receiving Party still protect information that continues to qualify as a trade secret ${yrs + 3} years after termination?`,
          ])
          : `Must the Receiving Party still protect Confidential Information that is not a trade secret ${yrs + 2} years after termination?`;
      }
      break;
    }
    case 'interest': {
      const r = pick(['1%', '1.5%', '2%']);
      const days = pick([30, 45, 60]);
      if (!hard) {
        clause = yes
          ? pick([
            `Any amount not paid when due shall accrue interest at the rate of ${r} per month from the due date until paid in full.`,
            `${b} shall pay ${a} interest on any overdue amount at ${r} per month, or the maximum rate permitted by law if lower.`,
          ])
          : pick([
            `${a} waives any right to charge interest or late fees on overdue amounts.`,
            `${b} shall pay invoices within ${wn(days)} days of receipt. No interest, late fee or finance charge shall be payable on any overdue amount.`,
          ]);
        question = `Do overdue payments accrue interest under this clause?`;
      } else {
        clause = `${b} shall pay all undisputed amounts within ${wn(days)} days after receipt of invoice. Undisputed amounts not paid when due shall bear interest at ${r} per month; provided, however, that amounts disputed in good faith in accordance with Section ${s1} shall not bear interest unless and until such dispute is resolved in ${a}'s favor.`;
        question = yes
          ? `Does an undisputed invoice that ${b} pays ${days + 15} days after receipt accrue interest?`
          : pick([
            `Does an amount that ${b} disputes in good faith under Section ${s1} accrue interest while the dispute is still pending?`,
            `Does an undisputed invoice that ${b} pays ${days - 10} days after receipt accrue interest?`,
          ]);
      }
      break;
    }
    case 'forceMajeure':
      if (!hard) {
        clause = yes
          ? `Neither party shall be liable for any failure or delay in performance, including any payment obligation, to the extent caused by a Force Majeure Event.`
          : `Neither party shall be liable for any failure or delay in performance caused by a Force Majeure Event; provided that a Force Majeure Event shall not excuse any obligation to make payments when due.`;
        question = `Does a Force Majeure Event excuse a delay in ${b}'s payment obligations under this clause?`;
      } else {
        clause = `Except as set forth in Section ${s1}, neither party shall be liable for any delay in performance caused by a Force Majeure Event, other than obligations to pay money, which shall not be excused; notwithstanding the preceding exclusion, if a Force Majeure Event renders the banking systems necessary for payment unavailable, payment obligations shall be suspended for the duration of such unavailability.`;
        question = yes
          ? `If a Force Majeure Event makes the banking systems needed for payment unavailable, is ${b}'s obligation to pay suspended during that unavailability?`
          : `If a Force Majeure Event shuts down ${b}'s warehouse but banking systems remain available, is ${b}'s payment obligation excused?`;
      }
      break;
    case 'law': {
      const j = pick(JURIS);
      let other = pick(JURIS);
      while (other === j) other = pick(JURIS);
      if (!hard) {
        clause = `This Agreement shall be governed by and construed in accordance with the laws of ${j.law}, without regard to its conflict of laws principles.` +
          (chance(0.5) ? ` Each party submits to the exclusive jurisdiction of ${j.courts}.` : '');
        question = `Is this Agreement governed by the laws of ${(yes ? j : other).short}?`;
      } else {
        feature = 'cross-ref';
        const country = pick(FOREIGN_IP);
        clause = `Except as provided in Section ${s1}, this Agreement shall be governed by the laws of ${j.law}; provided, however, that notwithstanding the foregoing, any question concerning the validity or registration of a patent or trademark shall be governed by the laws of the jurisdiction in which such patent or trademark is registered.`;
        question = yes
          ? `Is a dispute over whether ${b} paid the fees due under this Agreement governed by the laws of ${j.short}?`
          : `Is a dispute over the validity of a patent registered in ${country} governed by the laws of ${j.short}?`;
      }
      break;
    }
  }
  return { clause: sectionLead() + clause, question: question + YN_SUFFIX, expected: want, feature };
}

// ---------------------------------------------------------------- assemble

const GEN = { classify: genClassify, 'extract-date': genDate, 'extract-amount': genAmount, 'yes-no': genYesNo };

// Exactly 250 items per task, 20% of each task hard, in a shuffled order.
const perTask = N_ITEMS / TASKS.length;
const hardPerTask = Math.round(perTask * HARD_SHARE);
const slots = [];
for (const task of TASKS) {
  for (let i = 0; i < perTask; i++) slots.push({ task, hard: i < hardPerTask });
}
const order = shuffle(slots);

const seen = new Set();
const items = [];
for (const [i, { task, hard }] of order.entries()) {
  let g;
  for (let attempt = 0; ; attempt++) {
    g = GEN[task](hard);
    // Unique up to the section-number lead-in, so no two items differ only by "Section 7." etc.
    const body = g.clause.replace(/^(Section \d+\. |\d+\.\d+ |\([a-d]\) |\d+\. )/, '');
    const key = `${body}\u0000${g.question}`;
    if (!seen.has(key)) {
      seen.add(key);
      break;
    }
    if (attempt > 50) throw new Error(`cannot make a unique ${task} item`);
  }
  const tags = hard ? ['hard', TASK_TAG[task], g.feature] : ['easy', TASK_TAG[task]];
  const item = {
    id: `cr-${String(i + 1).padStart(4, '0')}`,
    task,
    clause: g.clause,
    question: g.question,
    expected: g.expected,
    tags,
  };
  if (g.choices) item.choices = g.choices;
  // Amounts are graded as numbers, so "$150,000" and "150000" are both right.
  if (task === 'extract-amount') item.checks = [{ type: 'numeric' }];
  items.push(item);
}

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'items.jsonl');
writeFileSync(out, items.map((it) => JSON.stringify(it)).join('\n') + '\n');

// ---------------------------------------------------------------- counts

const count = (f) => items.filter(f).length;
console.log(`wrote ${items.length} items to ${out}`);
console.log('');
console.log('| task | easy | hard | total |');
console.log('|---|---:|---:|---:|');
for (const t of TASKS) {
  const e = count((x) => x.task === t && x.tags[0] === 'easy');
  const h = count((x) => x.task === t && x.tags[0] === 'hard');
  console.log(`| ${t} | ${e} | ${h} | ${e + h} |`);
}
const te = count((x) => x.tags[0] === 'easy');
console.log(`| **all** | ${te} | ${items.length - te} | ${items.length} |`);
console.log('');
const feats = {};
for (const x of items) if (x.tags[2]) feats[x.tags[2]] = (feats[x.tags[2]] ?? 0) + 1;
console.log('hard-item feature tags: ' + Object.keys(feats).sort().map((k) => `${k} ${feats[k]}`).join(', '));
const yn = items.filter((x) => x.task === 'yes-no');
console.log(`yes-no answers: yes ${yn.filter((x) => x.expected === 'yes').length}, no ${yn.filter((x) => x.expected === 'no').length}`);
const labels = {};
for (const x of items) if (x.task === 'classify') labels[x.expected] = (labels[x.expected] ?? 0) + 1;
console.log('classify labels: ' + LABELS.map((l) => `${l} ${labels[l] ?? 0}`).join(', '));
