import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Grant, OrgUnit, Role, RoleAssignment } from '../../../src/api/contract';
import type { Lang } from '../format/quantity';
import { useLang } from '../useLang';

/** The roles, most powerful first: the policy's own list (pure, shared with the server). */
import { actionsOf, ROLES } from '../../../src/core/access/policy';

export { ROLES };

/**
 * The roles that include user:manage (the server's policy, src/core/access/policy.ts).
 * Listing users names a unit where the user manages users unless that is the nation.
 */
export const USER_MANAGER_ROLES: readonly Role[] = ROLES.filter((role) =>
  actionsOf(role).includes('user:manage'),
);

export const ROLE_COLORS: Record<string, string> = {
  admin: 'red',
  coordinator: 'purple',
  reporter: 'blue',
  reviewer: 'cyan',
  inspector: 'gold',
  viewer: 'default',
};

/** An org unit's name in the UI language (prefectures and counties have only a Chinese name). */
export function unitName(unit: Pick<OrgUnit, 'nameZh' | 'nameEn'>, lang: Lang): string {
  return lang === 'en' ? (unit.nameEn ?? unit.nameZh) : unit.nameZh;
}

export function assignmentUnitName(
  assignment: Pick<RoleAssignment, 'orgUnitNameZh' | 'orgUnitNameEn'>,
  lang: Lang,
): string {
  return unitName({ nameZh: assignment.orgUnitNameZh, nameEn: assignment.orgUnitNameEn }, lang);
}

/** "Reporter · Hubei"; the unit's code on hover. */
export function RoleTag({
  grant,
  unitLabel,
  closable,
  onClose,
  extra,
}: {
  grant: Grant;
  /** The unit's name; the code when unknown. */
  unitLabel?: string;
  closable?: boolean;
  onClose?: () => void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Tag
      color={ROLE_COLORS[grant.role]}
      title={grant.orgUnitCode}
      closable={closable}
      onClose={(event) => {
        event.preventDefault();
        onClose?.();
      }}
      className="pw-role-tag"
      data-testid={`role-${grant.role}-${grant.orgUnitCode}`}
    >
      {t(`roles.${grant.role}`)} · {unitLabel ?? grant.orgUnitCode}
      {extra}
    </Tag>
  );
}

/** The user's own role assignments as tags. */
export function RoleTags({ roles }: { roles: readonly RoleAssignment[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (roles.length === 0) return <span className="pw-muted">{t('roles.none')}</span>;
  return (
    <span className="pw-role-tags">
      {roles.map((r) => (
        <RoleTag key={r.id} grant={r} unitLabel={assignmentUnitName(r, lang)} />
      ))}
    </span>
  );
}

/** "user:3:ada.admin" (how the server names actors) -> "ada.admin"; other actors as they are. */
export function actorName(actor: string): string {
  const match = /^user:\d+:(.+)$/.exec(actor);
  return match?.[1] ?? actor;
}
