/**
 * The bench corpus: realistic French clinical mail for one BAL, any count, the same bytes for
 * the same seed. Lab results with their PDF, hospital letters with an HTML alternative,
 * imaging reports with images, letters between practitioners that grow into threads
 * (replies quote the previous message and carry In-Reply-To/References), and service mail
 * (meetings, newsletters with List-Id). About 20 % of the messages carry a PDF, sizes follow
 * a long-tailed distribution (most under 10 kB, scanned documents up to a few MB), and an
 * optional known word sits in exactly a known number of bodies, for the search figures.
 * The people, places and PDF builder are those of the demo mail. No real patient data.
 */
import { crc32, deflateSync } from 'node:zlib';
import { buildDemoMime } from '../server/dev/demo-mail/build.ts';
import { type DemoMessage, seededRandom } from '../server/dev/demo-mail/content.ts';
import { simplePdf } from '../server/dev/demo-mail/pdf.ts';
import {
  type Correspondent,
  HOSPITAL_DOCTORS,
  HOSPITAL_REASONS,
  IMAGING,
  LAB,
  LAB_TESTS,
  MEDICINES,
  OTHER_GPS,
  PATIENTS,
  type Patient,
  RADIOLOGY,
} from '../server/dev/demo-mail/people.ts';

export type CorpusKind = 'lab' | 'hospital' | 'imaging' | 'letter' | 'reply' | 'service';

export interface CorpusOptions {
  seed: number;
  count: number;
  /** The BAL the mail is delivered to. */
  to: Correspondent;
  /** Right-hand side of the Message-IDs (each also holds the seed and the index). */
  domain?: string;
  /** A word placed in exactly `bodies` message bodies, and in no other message. */
  knownWord?: { word: string; bodies: number };
  /** Date of the newest message (default 2026-11-20); the corpus spans `days` before it. */
  end?: Date;
  days?: number;
}

export interface CorpusMessage {
  raw: Uint8Array;
  /** Envelope sender: the From address. */
  mailFrom: string;
  receivedAt: number;
  messageId: string;
  kind: CorpusKind;
  hasPdf: boolean;
  hasImage: boolean;
  hasKnownWord: boolean;
  inReplyTo?: string;
}

/** Share of each kind; lab results always and hospital letters often carry a PDF (≈ 20 %). */
const KINDS: [CorpusKind, number][] = [
  ['lab', 0.16],
  ['hospital', 0.16],
  ['imaging', 0.08],
  ['letter', 0.25],
  ['reply', 0.25],
  ['service', 0.1],
];
const HOSPITAL_PDF = 0.25;
const IMAGING_PICTURE = 0.5;
const DAY = 86_400_000;

const SERVICE: Correspondent = {
  name: 'Direction de la communication, CHU de Lyon (démo)',
  addr: 'communication@chu-lyon-demo.mssante.fr',
};
const SERVICE_TOPICS = [
  ['Réunion de concertation pluridisciplinaire', 'La prochaine RCP se tiendra en salle 3.'],
  ['Lettre d’information du réseau de soins', 'Au sommaire : vaccination, parcours diabète.'],
  ['Mise à jour des protocoles de coopération', 'Les nouveaux protocoles sont en ligne.'],
  ['Formation continue : plaies chroniques', 'Inscriptions ouvertes pour la session de mars.'],
  ['Permanence des soins : planning du mois', 'Le planning des gardes est joint ci-dessous.'],
] as const;
const FILLERS = [
  'Le patient ne signale pas d’effet indésirable du traitement en cours.',
  'L’examen clinique est sans particularité, la tension artérielle est à 13/8.',
  'Je vous propose de réévaluer la situation lors de la prochaine consultation.',
  'Un bilan biologique de contrôle est à prévoir dans trois mois.',
  'Les antécédents familiaux ne retrouvent pas de pathologie cardiovasculaire précoce.',
  'L’éducation thérapeutique a été reprise avec le patient et son entourage.',
  'Nous restons à votre disposition pour tout renseignement complémentaire.',
  'La kinésithérapie respiratoire est poursuivie à raison de deux séances par semaine.',
];

const frDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris' });
const fr = (date: Date) => frDate.format(date);
const who = (p: Patient) => `${p.given} ${p.family.toUpperCase()}`;
const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c] ?? ''};`);
const htmlOf = (text: string) =>
  text
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

/** `k` distinct indices of [0, n), chosen by Floyd's algorithm. */
function sample(rnd: () => number, n: number, k: number): Set<number> {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(rnd() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return chosen;
}

/** A valid RGB PNG of `width`×`height` noisy pixels (a photo does not compress either). */
export function noisyPng(rnd: () => number, width: number, height: number): Uint8Array {
  const rows = new Uint8Array((width * 3 + 1) * height);
  for (let i = 0; i < rows.length; i++) rows[i] = i % (width * 3 + 1) === 0 ? 0 : rnd() * 256;
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    png.set(p, at);
    at += p.length;
  }
  return png;
}

interface Thread {
  subject: string;
  people: Correspondent[];
  ids: string[];
  last: { from: Correspondent; date: Date; text: string };
}

/**
 * The corpus, oldest first (the order a BAL receives it in). Dates are spread evenly over
 * `days` with some jitter; every message is different and parses as RFC 5322 + MIME.
 *
 * @example
 * for (const m of corpus({ seed: 1, count: 10_000, to })) await deliver(m.raw, m.mailFrom);
 */
export function* corpus(options: CorpusOptions): Generator<CorpusMessage> {
  const { seed, count, to } = options;
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  /** Log-normal sizes: most near `median`, a long tail above. */
  const logNormal = (median: number, sigma: number) => {
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    return median * Math.exp(sigma * z);
  };
  const bytes = (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = (rnd() * 4294967296) >>> 0;
      out[i] = v;
      out[i + 1] = v >>> 8;
      out[i + 2] = v >>> 16;
      out[i + 3] = v >>> 24;
    }
    return out;
  };
  const known = options.knownWord;
  const withWord = known
    ? sample(seededRandom(seed ^ 0x5eed), count, Math.min(known.bodies, count))
    : new Set<number>();
  const domain = options.domain ?? 'corpus.pli.invalid';
  const end = (options.end ?? new Date(Date.UTC(2026, 10, 20, 8))).getTime();
  const span = (options.days ?? 365) * DAY;
  const threads: Thread[] = [];
  const sign = (c: Correspondent) => `\n\nBien confraternellement,\n${c.name}`;
  const paragraphs = (n: number) =>
    Array.from({ length: n }, () => pick(FILLERS)).join(' ') || pick(FILLERS);

  for (let i = 0; i < count; i++) {
    const date = new Date(end - span + Math.floor(((i + rnd() * 0.9) / Math.max(count, 1)) * span));
    const messageId = `<corpus.${seed}.${i}@${domain}>`;
    let roll = rnd();
    let kind: CorpusKind = 'letter';
    for (const [k, share] of KINDS) {
      if (roll < share) {
        kind = k;
        break;
      }
      roll -= share;
    }
    if (kind === 'reply' && threads.length === 0) kind = 'letter';
    const p = pick(PATIENTS);
    const extra = Math.max(0, Math.round(logNormal(2, 0.9)) - 1);
    let message: Omit<DemoMessage, 'to'>;
    let hasPdf = false;
    let hasImage = false;
    let inReplyTo: string | undefined;
    const pdf = (title: string, lines: string[]) => {
      hasPdf = true;
      const size = Math.min(3_000_000, Math.max(2_000, Math.round(logNormal(35_000, 0.9))));
      return simplePdf(title, lines, bytes(size));
    };

    switch (kind) {
      case 'lab': {
        const values = LAB_TESTS.filter(() => rnd() < 0.5).map(([name, unit, lo, hi, dec]) => {
          const v = lo + (hi - lo) * (rnd() * 1.3 - 0.15);
          const flag = v < lo ? ' (bas)' : v > hi ? ' (élevé)' : '';
          return `${name} : ${v.toFixed(dec).replace('.', ',')} ${unit}${flag}`;
        });
        message = {
          from: LAB,
          subject: `Résultats d'analyses — ${who(p)} — ${fr(date)}`,
          text: `Bonjour Docteur,\n\nVeuillez trouver ci-joint les résultats de ${who(p)}, né(e) le ${p.born}, prélevé(e) le ${fr(date)}.\n\n${values.slice(0, 3).join('\n')}\n\nLaboratoire BioRhône (démonstration)`,
          attachments: [
            {
              filename: `resultats-${i}.pdf`,
              contentType: 'application/pdf',
              bytes: pdf(`Résultats — ${who(p)} (${p.born})`, [
                `Prélèvement du ${fr(date)}`,
                ...values,
              ]),
            },
          ],
          messageId,
          date,
        };
        break;
      }
      case 'hospital': {
        const doctor = pick(HOSPITAL_DOCTORS);
        const reason = pick(HOSPITAL_REASONS);
        const text = `Chère consœur, cher confrère,\n\nVotre patient(e) ${who(p)}, né(e) le ${p.born}, a été hospitalisé(e) du ${fr(new Date(date.getTime() - 5 * DAY))} au ${fr(date)} pour ${reason}. ${paragraphs(extra + 2)}\n\nTraitement de sortie : ${pick(MEDICINES)}, ${pick(MEDICINES)}.${sign(doctor)}`;
        message = {
          from: doctor,
          subject: `Compte rendu d'hospitalisation — ${who(p)}`,
          text,
          html: htmlOf(text),
          attachments:
            rnd() < HOSPITAL_PDF
              ? [
                  {
                    filename: `cr-hospitalisation-${i}.pdf`,
                    contentType: 'application/pdf',
                    bytes: pdf(`Compte rendu d'hospitalisation — ${who(p)}`, [`Motif : ${reason}`]),
                  },
                ]
              : undefined,
          messageId,
          date,
        };
        break;
      }
      case 'imaging': {
        const [exam, conclusion] = pick(IMAGING);
        const side = 64 + Math.floor(rnd() * 192);
        hasImage = rnd() < IMAGING_PICTURE;
        message = {
          from: RADIOLOGY,
          subject: `${exam} — ${who(p)}`,
          text: `Bonjour,\n\nCompte rendu de l'examen de ${who(p)} du ${fr(date)}.\nConclusion : ${conclusion}\n\nImagerie Croix-Rousse (démonstration)`,
          attachments: hasImage
            ? [
                {
                  filename: `cliche-${i}.png`,
                  contentType: 'image/png',
                  bytes: noisyPng(rnd, side, side),
                },
              ]
            : undefined,
          messageId,
          date,
        };
        break;
      }
      case 'letter': {
        const from = pick(OTHER_GPS);
        const subject = `${pick(["Courrier d'adressage", "Demande d'avis", 'Suivi partagé'])} — ${who(p)}`;
        const text = `Chère consœur, cher confrère,\n\nJe me permets de vous adresser ${who(p)}, né(e) le ${p.born}. ${paragraphs(extra + 1)}${sign(from)}`;
        message = {
          from,
          subject,
          text,
          html: rnd() < 0.3 ? htmlOf(text) : undefined,
          messageId,
          date,
        };
        if (threads.length >= 200) threads.splice(Math.floor(rnd() * threads.length), 1);
        threads.push({
          subject,
          people: [from, pick(HOSPITAL_DOCTORS), pick(OTHER_GPS)],
          ids: [messageId],
          last: { from, date, text },
        });
        break;
      }
      case 'reply': {
        const thread = pick(threads);
        const from = pick(thread.people.filter((c) => c !== thread.last.from));
        const quoted = thread.last.text
          .split('\n')
          .map((line) => (line ? `> ${line}` : '>'))
          .join('\n');
        const text = `${paragraphs(extra)}${sign(from)}\n\nLe ${fr(thread.last.date)}, ${thread.last.from.name} a écrit :\n${quoted}`;
        inReplyTo = thread.ids.at(-1);
        message = {
          from,
          subject: thread.subject.startsWith('Re: ') ? thread.subject : `Re: ${thread.subject}`,
          text,
          messageId,
          inReplyTo,
          references: thread.ids.slice(-10),
          date,
        };
        thread.ids.push(messageId);
        thread.last = { from, date, text };
        break;
      }
      case 'service': {
        const [topic, line] = pick(SERVICE_TOPICS);
        const text = `Madame, Monsieur,\n\n${line} ${paragraphs(extra)}\n\nPour ne plus recevoir ces messages, répondez « désinscription ».`;
        message = {
          from: SERVICE,
          subject: `${topic} — ${fr(date)}`,
          text,
          html: htmlOf(text),
          messageId,
          date,
          headers: {
            'List-Id': '<information.chu-lyon-demo.mssante.fr>',
            'List-Unsubscribe': `<mailto:${SERVICE.addr}?subject=desinscription>`,
          },
        };
        break;
      }
    }
    const hasKnownWord = withWord.has(i);
    if (hasKnownWord && known) {
      const note = `\n\nMot-clé du dossier : ${known.word}.`;
      message.text += note;
      if (message.html) message.html += `<p>${escapeHtml(note.trim())}</p>`;
    }
    yield {
      raw: buildDemoMime(message, to, `pli-corpus-${seed}-${i}-`),
      mailFrom: message.from.addr,
      receivedAt: date.getTime(),
      messageId,
      kind,
      hasPdf,
      hasImage,
      hasKnownWord,
      inReplyTo,
    };
  }
}
