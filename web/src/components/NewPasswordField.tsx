import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH } from '../auth/session';

/** A field for a password being set: the length rule the server enforces, shown and checked here too. */
export function NewPasswordField({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  const rule = t('account.passwordRule', { min: MIN_PASSWORD_LENGTH });
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[
        { required: true, message: t('account.newRequired') },
        { min: MIN_PASSWORD_LENGTH, message: rule },
      ]}
    >
      <Input.Password autoComplete="new-password" placeholder={rule} />
    </Form.Item>
  );
}
