// An STS error as the service reports it: HTTP status, error code, message (rendered as STS error XML).
export class StsFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Sender (the caller's fault) or Receiver. */
    readonly type: 'Sender' | 'Receiver' = 'Sender',
    /** What the decision log records (may say more than the caller is told). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export const invalidToken = (): StsFault =>
  new StsFault(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
export const expiredToken = (): StsFault =>
  new StsFault(403, 'ExpiredToken', 'The security token included in the request is expired');
export const signatureMismatch = (): StsFault =>
  new StsFault(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
