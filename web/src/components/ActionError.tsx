import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/client';

/**
 * Why a form's request failed: a headline by HTTP status (overridable per
 * status) and the server's own message with its field details.
 */
export function ActionError({
  error,
  titles = {},
  testId = 'action-error',
}: {
  error: unknown;
  titles?: Partial<Record<number, string>>;
  testId?: string;
}) {
  const { t } = useTranslation();
  let title: string;
  let message: string;
  let details: string[] = [];
  if (error instanceof ApiRequestError) {
    if (error.status === null) {
      title = t('error.actionFailed');
      message = t('error.network', { message: error.message });
    } else {
      title =
        titles[error.status] ??
        (error.status === 401
          ? t('auth.notSignedIn')
          : error.status === 403
            ? t('auth.notAllowed')
            : error.status === 400
              ? t('error.invalid')
              : t('error.actionFailed'));
      message = error.message;
      details = error.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
    }
  } else {
    title = t('error.actionFailed');
    message = error instanceof Error ? error.message : String(error);
  }
  return (
    <Alert
      type="error"
      showIcon
      className="pw-form-alert"
      title={title}
      description={
        <div data-testid={testId}>
          <div className="pw-error-message">{message}</div>
          {details.length > 0 && (
            <ul className="pw-error-details">
              {details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      }
    />
  );
}
