/**
 * Texts every screen must be able to show. The emergency notice is a legal and safety
 * requirement of MSSanté: the service is not for emergencies.
 *
 * @example
 * <p role="note">{EMERGENCY_NOTICE}</p>
 */
export const EMERGENCY_NOTICE = "En cas d'urgence, composez le 15";

/** Product name shown to users. */
export const PRODUCT_NAME = 'Pli';

/** One line under the product name. */
export const PRODUCT_TAGLINE = 'Messagerie sécurisée de santé MSSanté';
