import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the gyms module: error details and the invitation mail (`mails.ts`). */
export const gymsMessages = defineMessages('gyms', {
  en: {
    gym_not_found: 'Gym not found',
    member_not_found: 'Member not found',
    pending_invitation_not_found: 'Pending invitation not found',
    invitation_not_found: 'Invitation not found',
    not_member: 'You are not a member of this gym',
    remove_needs_staff: 'Only an owner or admin can remove members',
    role: '{role, select, owner {owner} admin {administrator} trainer {trainer} physio {physiotherapist} other {member}}',
    'invitation.subject': '{gym} invites you to Pulso',
    'invitation.text':
      'Hello,\n\n{gym} invites you to join as {role}. Sign in to Pulso with this address (or create an account with it and confirm it) and accept or decline the invitation within {days, plural, one {# day} other {# days}}:\n{link}\n\nIf you did not expect this invitation, ignore this message: nobody is added without your consent.\n',
    // ---- refusal reasons (reasons.ts): <id>.title, <id>.detail
    'email_unverified.title': 'E-mail not confirmed',
    'email_unverified.detail':
      'Confirm your e-mail first: invitations are shown to the confirmed owner of the address',
    'owner_only.title': 'Only an owner can do this',
    'owner_only.detail':
      '{act, select, grant {Only an owner can make someone an owner} other {Only an owner can change or remove an owner}}',
    'last_owner.title': 'Last owner',
    'last_owner.detail':
      '{count, plural, =0 {A gym must keep at least one owner; make someone else owner first} other {You are the last owner of {gyms}; make another member owner first}}',
    'invitation_expired.title': 'Invitation expired',
    'invitation_expired.detail': 'This invitation has expired; ask the gym to invite you again',
  },
  es: {
    gym_not_found: 'Gimnasio no encontrado',
    member_not_found: 'Socio no encontrado',
    pending_invitation_not_found: 'Invitación pendiente no encontrada',
    invitation_not_found: 'Invitación no encontrada',
    not_member: 'No eres socio de este gimnasio',
    remove_needs_staff: 'Solo un propietario o un administrador puede quitar socios',
    role: '{role, select, owner {propietario} admin {administrador} trainer {entrenador} physio {fisioterapeuta} other {socio}}',
    'invitation.subject': '{gym} te invita a Pulso',
    'invitation.text':
      'Hola:\n\n{gym} te invita a unirte como {role}. Entra en Pulso con esta dirección (o crea una cuenta con ella y confírmala) y acepta o rechaza la invitación en {days, plural, one {el próximo día} other {los próximos # días}}:\n{link}\n\nSi no esperabas esta invitación, ignora este mensaje: nadie te añadirá sin tu permiso.\n',
    'email_unverified.title': 'Correo electrónico sin confirmar',
    'email_unverified.detail':
      'Confirma primero tu correo electrónico: las invitaciones solo se muestran a quien ha confirmado la dirección',
    'owner_only.title': 'Solo un propietario puede hacerlo',
    'owner_only.detail':
      '{act, select, grant {Solo un propietario puede hacer propietario a alguien} other {Solo un propietario puede cambiar o quitar a un propietario}}',
    'last_owner.title': 'Último propietario',
    'last_owner.detail':
      '{count, plural, =0 {Un gimnasio debe conservar al menos un propietario; haz propietario antes a otra persona} other {Eres el último propietario de {gyms}; haz propietario antes a otro socio}}',
    'invitation_expired.title': 'Invitación caducada',
    'invitation_expired.detail': 'Esta invitación ha caducado; pide al gimnasio que te invite de nuevo',
  },
});
