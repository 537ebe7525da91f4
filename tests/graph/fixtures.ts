/**
 * Response shapes quoted from Meta's documentation (see /work/shared/reference/graph-api.md, sections 2-7).
 */

/** A token-shaped secret; tests assert it never leaks. */
export const TOKEN = 'EAAJZCtestSECRETtokenZZ0123456789abcdefghijKLMNOP';

export const PHONE_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const BUSINESS_ID = '506914307656634';

/** §2.3 (D-ABOUT) phone node with default-ish fields, incl. webhook_configuration (not in our schema). */
export const phoneNodeSample = {
  verified_name: 'Lucky Shrub',
  code_verification_status: 'VERIFIED',
  display_phone_number: '15550783881',
  quality_rating: 'GREEN',
  platform_type: 'CLOUD_API',
  throughput: { level: 'STANDARD' },
  webhook_configuration: { application: 'https://www.luckyshrub.com/webhooks' },
  id: '106540352242922',
};

/** §4 (D-HS) LIMITED health status with SIP calling. */
export const healthLimitedSample = {
  health_status: {
    can_send_message: 'LIMITED',
    entities: [
      {
        entity_type: 'PHONE_NUMBER',
        id: '106540352242922',
        can_send_message: 'LIMITED',
        can_receive_call_sip: 'AVAILABLE',
        additional_info: [
          'Your display name has not been approved yet. Your message limit will increase after the display name is approved.',
        ],
      },
      { entity_type: 'WABA', id: '102290129340398', can_send_message: 'AVAILABLE' },
      { entity_type: 'BUSINESS', id: '506914307656634', can_send_message: 'AVAILABLE' },
      { entity_type: 'APP', id: '634974688087057', can_send_message: 'AVAILABLE', can_receive_call_sip: 'AVAILABLE' },
    ],
  },
  id: '105154286024403',
};

/** §4 BLOCKED: WABA banned (141014) on a phone number's health status. */
export const healthBlockedSample = {
  id: '106540352242922',
  status: 'BANNED',
  health_status: {
    can_send_message: 'BLOCKED',
    entities: [
      { entity_type: 'PHONE_NUMBER', id: '106540352242922', can_send_message: 'AVAILABLE' },
      {
        entity_type: 'WABA',
        id: '102290129340398',
        can_send_message: 'BLOCKED',
        errors: [
          {
            error_code: 141014,
            error_description: 'Your WhatsApp Business Account has been banned.',
            possible_solution: 'Visit Business Support Home https://business.facebook.com/accountquality',
          },
        ],
      },
    ],
  },
};

/** §4 blocked template entity (141002). */
export const blockedTemplateEntity = {
  entity_type: 'MESSAGE_TEMPLATE',
  can_send_message: 'BLOCKED',
  errors: [
    {
      error_code: 141002,
      error_description: 'Message templates can only be sent out if they are approved.',
      possible_solution: 'Edit or appeal the message template review decision.',
    },
  ],
};

/** §4 SIP example: aggregate BLOCKED although every entity can send; SIP unavailable (138024). */
export const healthSipSample = {
  id: '106540352242922',
  health_status: {
    can_send_message: 'BLOCKED',
    entities: [
      {
        entity_type: 'PHONE_NUMBER',
        id: '106540352242922',
        can_send_message: 'AVAILABLE',
        can_receive_call_sip: 'LIMITED',
        additional_info: ['SIP is not enabled for this phone number.'],
      },
      {
        entity_type: 'APP',
        id: '634974688087057',
        can_send_message: 'AVAILABLE',
        can_receive_call_sip: 'BLOCKED',
        errors: [
          { error_code: 138025, error_description: 'The app has no SIP server configured.', possible_solution: 'Configure a SIP server.' },
        ],
      },
    ],
  },
};

/** §3.1 phone_numbers page with cursors (no next). */
export const phoneNumbersPageSample = {
  data: [
    { verified_name: "Jasper's Market", display_phone_number: '+1 631-555-5555', id: '1906385232743451', quality_rating: 'GREEN' },
    { verified_name: "Jasper's Ice Cream", display_phone_number: '+1 631-555-5556', id: '1913623884432103', quality_rating: 'NA' },
  ],
  paging: { cursors: { before: 'QVFIU...', after: 'QVFIU...' } },
};

/** §3.3 debug_token, user token. */
export const debugTokenUserSample = {
  data: {
    app_id: '670843887433847',
    application: 'JaspersMarket',
    type: 'USER',
    data_access_expires_at: 1672092840,
    expires_at: 1665090000,
    is_valid: true,
    scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'public_profile'],
    granular_scopes: [
      { scope: 'whatsapp_business_management', target_ids: ['102289599326934', '101569239400667'] },
      { scope: 'whatsapp_business_messaging', target_ids: ['102289599326934', '101569239400667'] },
    ],
    user_id: '10222270944537964',
  },
};

/** §3.3 system-user variant: never expires, granular scopes without target_ids. */
export const debugTokenSystemUserSample = {
  data: {
    app_id: '670843887433847',
    application: 'JaspersMarket',
    type: 'SYSTEM_USER',
    data_access_expires_at: 0,
    expires_at: 0,
    is_valid: true,
    issued_at: 1700000000,
    scopes: ['business_management', 'whatsapp_business_management', 'whatsapp_business_messaging'],
    granular_scopes: [
      { scope: 'business_management' },
      { scope: 'whatsapp_business_management' },
      { scope: 'whatsapp_business_messaging' },
    ],
    user_id: '122100000000000001',
  },
};

/** X-Business-Use-Case-Usage, OAS sample shape. */
export const bucHeader = (regainMinutes: number, callCount = 1) =>
  JSON.stringify({
    [WABA_ID]: [
      {
        type: 'whatsapp_business_management',
        call_count: callCount,
        total_cputime: 1,
        total_time: 1,
        estimated_time_to_regain_access: regainMinutes,
      },
      { type: 'whatsapp', call_count: 1, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 0 },
    ],
  });

/** Meta error envelope builder (§6.1). */
export function metaError(error: Record<string, unknown>) {
  return { error: { type: 'OAuthException', fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam', ...error } };
}

export const errorSamples = {
  expiredToken: metaError({
    message: 'Error validating access token: Session has expired on Tuesday, 01-Jul-26 10:00:00 PDT.',
    code: 190,
    error_subcode: 463,
  }),
  permission: metaError({ message: '(#200) Requires whatsapp_business_management permission', code: 200 }),
  bucLimit: metaError({ message: '(#80008) There have been too many calls to this WhatsApp Business account.', code: 80008 }),
  appLimit: metaError({ message: '(#4) Application request limit reached', code: 4, is_transient: true }),
  throughput: metaError({
    message: '(#130429) Rate limit hit',
    code: 130429,
    error_subcode: 2494055,
    error_user_title: 'Rate limit hit',
    error_user_msg: 'Cloud API message throughput has been reached.',
    error_data: {
      messaging_product: 'whatsapp',
      details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time.',
    },
    is_transient: false,
  }),
  serviceDown: metaError({ message: '(#2) Service temporarily unavailable', code: 2, is_transient: true }),
  somethingWrong: metaError({
    message: 'Something went wrong',
    code: 131000,
    error_data: { messaging_product: 'whatsapp', details: 'Something went wrong' },
  }),
  cannotCreateCertificate: metaError({
    message: 'Invalid parameter',
    code: 100,
    error_subcode: 2388001,
    error_user_title: 'Cannot Create Certificate',
    error_user_msg:
      'This number is registered to an existing WhatsApp account. To use this number, disconnect it from the existing account.',
  }),
  pinMismatch: metaError({
    message: 'Two step verification PIN Mismatch',
    code: 133005,
    error_data: { messaging_product: 'whatsapp', details: 'Two step verification PIN incorrect.' },
  }),
  tooManyRegistrations: metaError({
    message: 'Registration limit exceeded',
    code: 133016,
    error_data: { messaging_product: 'whatsapp', details: 'Too many registration or deregistration attempts for this phone number.' },
  }),
};

export const htmlErrorPage =
  '<!DOCTYPE html><html lang="en"><head><title>Error</title></head><body><h1>Sorry, something went wrong.</h1><p>We\'re working on it.</p></body></html>';
