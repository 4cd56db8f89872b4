import {
  PermissionFlagsBits,
  type GuildMember,
  type APIInteractionGuildMember,
  type PermissionsBitField,
} from 'discord.js';

/**
 * The member's role ids, whether discord.js gave a cached `GuildMember` or the raw interaction member.
 */
export function memberRoleIds(member: GuildMember | APIInteractionGuildMember | null | undefined): string[] {
  if (!member) return [];
  const roles = member.roles;
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/**
 * A moderator may manage or pin messages in the channel (Discord computes `memberPermissions` for the
 * interaction's channel, overwrites included) or holds one of `MODERATOR_ROLE_IDS`.
 */
export function isModerator(
  permissions: Readonly<PermissionsBitField> | null,
  roleIds: readonly string[],
  moderatorRoleIds: readonly string[],
): boolean {
  if (permissions?.any([PermissionFlagsBits.ManageMessages, PermissionFlagsBits.PinMessages])) return true;
  return roleIds.some((id) => moderatorRoleIds.includes(id));
}

/** What an interaction says about its member: the permissions Discord computed and the roles. */
interface MemberOfInteraction {
  memberPermissions: Readonly<PermissionsBitField> | null;
  member: GuildMember | APIInteractionGuildMember | null;
}

/** Whether the member behind `interaction` is a moderator (see {@link isModerator}). */
export function isModeratorOf(
  interaction: MemberOfInteraction,
  moderatorRoleIds: readonly string[],
): boolean {
  return isModerator(interaction.memberPermissions, memberRoleIds(interaction.member), moderatorRoleIds);
}
