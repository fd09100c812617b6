import { Alert, Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiRequestError } from '../api/client';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="pw-loading" role="status" aria-live="polite">
      <Spin size="large" />
      <div className="pw-loading-text">{t('common.loading')}</div>
    </div>
  );
}

/** What went wrong, in words: the server's message when it sent one. */
export function ErrorState({
  error,
  onRetry,
  inline = false,
}: {
  error: unknown;
  onRetry?: () => void;
  /** A small alert inside a card instead of a whole-page result. */
  inline?: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  let detail: string;
  let status: string | null = null;
  if (error instanceof ApiRequestError) {
    if (error.status === null) detail = t('error.network', { message: error.message });
    else if (error.code === 'bad-response')
      detail = t('error.badResponse', { status: error.status });
    else {
      detail = error.message;
      status = t('error.status', { status: error.status });
    }
  } else {
    detail = error instanceof Error ? error.message : String(error);
  }
  if (inline) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('error.title')}
        description={
          <div data-testid="error-state">
            {status && <span className="pw-error-status">{status} </span>}
            <span className="pw-error-message">{detail}</span>
          </div>
        }
      />
    );
  }
  return (
    <Result
      status="error"
      title={t('error.title')}
      subTitle={
        <div data-testid="error-state">
          {status && <div className="pw-error-status">{status}</div>}
          <div className="pw-error-message">{detail}</div>
        </div>
      }
      extra={[
        // Retrying helps when the server was unreachable or failed, not when it said "no such thing".
        ...(onRetry &&
        !(error instanceof ApiRequestError && error.status !== null && error.status < 500)
          ? [
              <Button key="retry" type="primary" onClick={onRetry}>
                {t('common.retry')}
              </Button>,
            ]
          : []),
        <Button key="home" onClick={() => void navigate('/')}>
          {t('common.backHome')}
        </Button>,
      ]}
    />
  );
}
