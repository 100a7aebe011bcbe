/**
 * The file name of an IHE XDM package, as MSSanté messages carry structured documents
 * (`IHE_XDM.zip`: XDS metadata and CDA R2 documents), compared in lower case.
 */
export const XDM_PACKAGE_NAME = 'ihe_xdm.zip';

/** Whether an attachment's file name is that of an IHE XDM package. */
export function isXdmPackageName(name: string | null | undefined): boolean {
  return (name ?? '').trim().toLowerCase() === XDM_PACKAGE_NAME;
}
