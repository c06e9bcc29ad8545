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
  },
});
