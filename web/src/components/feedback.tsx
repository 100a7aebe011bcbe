/**
 * What a section says after an action: its notice (a status, read out politely) and its
 * error (an alert), each shown only when there is one.
 */
export function Feedback({ notice, error }: { notice: string | null; error: string | null }) {
  return (
    <>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
