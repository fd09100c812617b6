import { MinusCircleOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, sendJson, type Grant, type User, type UserList } from '../../api/client';
import { useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { NewPasswordField } from '../../components/NewPasswordField';
import { ActionError } from '../../components/ActionError';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { assignmentUnitName, RoleTag, ROLES, USER_MANAGER_ROLES } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime } from '../../format/dateTime';
import { useLang } from '../../useLang';

interface CreateForm {
  username: string;
  displayName: string;
  password: string;
  roles?: Array<Partial<Grant>>;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]*$/;

function RoleSelect({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={onChange}
      placeholder={t('users.rolePlaceholder')}
      options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      style={{ width: 150 }}
    />
  );
}

/** The create-user dialog: account fields and any number of role grants. */
function CreateUserModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: CreateForm) => {
    setBusy(true);
    setError(null);
    try {
      const user = await sendJson<User>('POST', api.users(), {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        roles: (values.roles ?? []).filter((g): g is Grant => Boolean(g.role && g.orgUnitCode)),
      });
      form.resetFields();
      onCreated(user);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.createTitle')}
      onCancel={onClose}
      okText={t('users.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      width={640}
      destroyOnHidden
    >
      {error !== null && <ActionError error={error} testId="create-user-error" />}
      <Form<CreateForm>
        form={form}
        name="create-user"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        onFinish={(values) => void submit(values)}
        initialValues={{ roles: [{}] }}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameRule')}
          rules={[
            { required: true, message: t('users.usernameRequired') },
            { min: 3, max: 64, message: t('users.usernameRule') },
            { pattern: USERNAME, message: t('users.usernameRule') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <NewPasswordField name="password" label={t('users.initialPassword')} />
        <Form.Item label={t('users.roles')} required={false}>
          <Form.List name="roles">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" className="pw-grant-row">
                    <Form.Item
                      name={[field.name, 'role']}
                      rules={[{ required: true, message: t('users.roleRequired') }]}
                    >
                      <RoleSelect />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'orgUnitCode']}
                      rules={[{ required: true, message: t('users.unitRequired') }]}
                    >
                      <OrgUnitSelect />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('users.removeGrant')}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('users.addGrant')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Grants one more role to an existing user. */
function AddRoleModal({
  user,
  onClose,
  onChanged,
}: {
  user: User | null;
  onClose: () => void;
  onChanged: (user: User) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Grant>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (grant: Grant) => {
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      onChanged(await sendJson<User>('POST', api.userRoles(user.id), grant));
      form.resetFields();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.addRoleTitle', { name: user.displayName }) : ''}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      okText={t('users.grant')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error !== null && <ActionError error={error} testId="add-role-error" />}
      <Form<Grant>
        form={form}
        name="add-role"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.roleRequired') }]}
        >
          <RoleSelect />
        </Form.Item>
        <Form.Item
          name="orgUnitCode"
          label={t('users.unit')}
          extra={t('users.unitHint')}
          rules={[{ required: true, message: t('users.unitRequired') }]}
        >
          <OrgUnitSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message, modal } = AntApp.useApp();
  const { user: me, can } = useSession();
  // A nationwide administrator lists without a unit; a provincial one names where they manage users.
  const managed = (me?.roles ?? []).filter((r) => USER_MANAGER_ROLES.includes(r.role));
  const listUnit = managed.some((r) => r.orgUnitCode === 'CN')
    ? undefined
    : managed[0]?.orgUnitCode;
  const users = useLive<UserList>(api.users(listUnit));
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<User | null>(null);

  const replace = (user: User) =>
    users.update((list) => ({
      items: list.items.some((u) => u.id === user.id)
        ? list.items.map((u) => (u.id === user.id ? user : u))
        : [...list.items, user],
    }));

  if (users.error && !users.data) return <ErrorState error={users.error} onRetry={users.reload} />;
  if (!users.data) return <Loading />;

  const removeRole = (user: User, assignmentId: number) => {
    const assignment = user.roles.find((r) => r.id === assignmentId);
    if (!assignment) return;
    modal.confirm({
      title: t('users.removeRoleTitle'),
      content: t('users.removeRoleText', {
        role: t(`roles.${assignment.role}`),
        unit: assignmentUnitName(assignment, lang),
        name: user.displayName,
      }),
      okText: t('users.removeRole'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          replace(await sendJson<User>('DELETE', api.userRole(user.id, assignmentId)));
          void message.success(t('users.roleRemoved'));
        } catch (error) {
          void message.error(error instanceof Error ? error.message : String(error));
        }
      },
    });
  };

  const columns: ColumnsType<User> = [
    {
      title: t('users.user'),
      key: 'user',
      width: 240,
      render: (_, user) => (
        <div>
          <div className="pw-strong">{user.displayName}</div>
          <Typography.Text code className="pw-small">
            {user.username}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('users.roles'),
      key: 'roles',
      render: (_, user) => (
        <div className="pw-role-tags">
          {user.roles.length === 0 && <span className="pw-muted">{t('roles.none')}</span>}
          {user.roles.map((r) => (
            <RoleTag
              key={r.id}
              grant={r}
              unitLabel={assignmentUnitName(r, lang)}
              closable
              onClose={() => removeRole(user, r.id)}
            />
          ))}
          <Button
            size="small"
            type="dashed"
            className="pw-add-role"
            icon={<PlusOutlined />}
            onClick={() => setGranting(user)}
            data-testid={`add-role-${user.username}`}
          >
            {t('users.addRole')}
          </Button>
        </div>
      ),
    },
    {
      title: t('users.status'),
      key: 'status',
      width: 180,
      render: (_, user) => {
        if (user.disabled) return <Tag>{t('users.disabled')}</Tag>;
        if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now())
          return (
            <Tag color="red">
              {t('users.lockedUntil', { time: formatDateTime(user.lockedUntil, lang) })}
            </Tag>
          );
        return <Tag color="green">{t('users.active')}</Tag>;
      },
    },
    {
      title: t('users.created'),
      key: 'created',
      width: 170,
      render: (_, user) => (
        <div className="pw-small">
          {formatDateTime(user.createdAt, lang)}
          {can('audit:read') && (
            <div>
              <Link to={`/admin/audit?entityType=user&entityId=${user.id}`}>
                {t('users.history')}
              </Link>
            </div>
          )}
        </div>
      ),
    },
  ];

  return (
    <Card
      title={t('users.title', { n: users.data.items.length })}
      extra={
        <Button
          type="primary"
          icon={<UserAddOutlined />}
          onClick={() => setCreating(true)}
          data-testid="create-user"
        >
          {t('users.new')}
        </Button>
      }
      data-testid="users"
    >
      {users.error ? <ErrorState error={users.error} inline /> : null}
      <Table<User>
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={users.data.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('users.none')} /> }}
      />
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          replace(user);
          setCreating(false);
          void message.success(t('users.createdMessage', { name: user.displayName }));
        }}
      />
      <AddRoleModal
        user={granting}
        onClose={() => setGranting(null)}
        onChanged={(user) => {
          replace(user);
          setGranting(null);
          void message.success(t('users.roleGranted'));
        }}
      />
    </Card>
  );
}
