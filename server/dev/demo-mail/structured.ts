import { deliverToBal } from '../../delivery/mailbox-deliver.ts';
import type { Bindings } from '../../env.ts';
import { buildDemoMime } from './build.ts';
import { simplePdf } from './pdf.ts';
import { HOSPITAL_DOCTORS, PATIENTS } from './people.ts';
import { buildXdmPackage } from './xdm.ts';

interface Bal {
  id: string;
  addr: string;
  name: string;
  quotaBytes: number;
}

/** A fictional INS (NIR form: sex, year, month, place, order, then the 97 key). */
function fictionalIns(sex: 1 | 2, born: string, order: number): string {
  const [, month, year] = born.split('/');
  const matricule = `${sex}${(year ?? '00').slice(2)}${month ?? '01'}69123${String(order).padStart(3, '0')}`;
  return `${matricule}${String(97 - (Number(matricule) % 97)).padStart(2, '0')}`;
}

/** The hospital doctors (not the secretariats) who write them. */
const DOCTORS = HOSPITAL_DOCTORS.filter((d) => d.name.startsWith('Dr '));

const LETTERS = [
  { typeCode: '11490-0', typeName: 'Lettre de liaison à la sortie', sex: 2 as const },
  { typeCode: '11502-2', typeName: 'Compte rendu d’examens biologiques', sex: 1 as const },
  { typeCode: '18748-4', typeName: 'Compte rendu d’imagerie médicale', sex: 2 as const },
];

/**
 * Structured letters for Dr Martin, as hospital software sends them: each carries an
 * `IHE_XDM.zip` (XDS metadata and a CDA N1 with its PDF), the `X-MSS-CODECDA` and
 * `X-MSS-INS` headers and an `XDM/1.0/DDM+` subject. Stored once (fixed Message-IDs).
 */
export async function seedStructuredLetters(env: Bindings, bal: Bal): Promise<void> {
  for (const [i, letter] of LETTERS.entries()) {
    const patient = PATIENTS[i] ?? { given: 'Jean', family: 'Dupont', born: '01/01/1950' };
    const doctor = DOCTORS[i % DOCTORS.length] ?? {
      name: 'Dr Hôpital',
      addr: 'hopital@chu-lyon-demo.mssante.fr',
    };
    const [given = '', family = ''] =
      doctor.name
        .replace(/^Dr\s+/, '')
        .split(',')[0]
        ?.split(' ') ?? [];
    // Just after the rest of the demo mail: the newest of the inbox.
    const createdAt = new Date(Date.UTC(2026, 10, 20, 10 + i, 30));
    const who = `${patient.given} ${patient.family}`;
    const title = `${letter.typeName} — ${who}`;
    const zip = await buildXdmPackage([
      {
        title,
        typeCode: letter.typeCode,
        typeName: letter.typeName,
        patient: {
          ins: fictionalIns(letter.sex, patient.born, i + 1),
          given: patient.given,
          family: patient.family.toUpperCase(),
          birthDate: patient.born.split('/').reverse().join('-'),
        },
        author: {
          idNat: `81010009${String(i + 1).padStart(4, '0')}`,
          given,
          family: family.toUpperCase(),
        },
        createdAt,
        pdf: simplePdf(title, ['Document fictif de démonstration.', `Patient : ${who}`]),
      },
    ]);
    const raw = buildDemoMime(
      {
        from: doctor,
        subject: `XDM/1.0/DDM+${title}`,
        text: `Chère consœur,\n\nVeuillez trouver ci-joint le document structuré concernant ${who}.\n\nBien confraternellement,\n${doctor.name}`,
        attachments: [{ filename: 'IHE_XDM.zip', contentType: 'application/zip', bytes: zip }],
        messageId: `<xdm-demo-${i + 1}@chu-lyon-demo.mssante.fr>`,
        date: createdAt,
        headers: { 'X-MSS-CODECDA': `${letter.typeCode}^2.16.840.1.113883.6.1`, 'X-MSS-INS': 'O' },
      },
      { name: bal.name, addr: bal.addr },
    );
    await deliverToBal(env, {
      balId: bal.id,
      raw,
      quotaBytes: bal.quotaBytes,
      mailFrom: doctor.addr,
      rcptTo: bal.addr,
      receivedAt: createdAt.getTime(),
    });
  }
}
