import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { ApiRequestError } from '../../api/client';
import { placeErrors } from './model';

/**
 * A form's server errors: details that name a field go under that field,
 * the rest (and the message) above the form. `extra` places errors by status
 * (e.g. 413 under the file field).
 */
export function useFormErrors(
  form: FormInstance,
  fields: Readonly<Record<string, 'leaf' | 'list'>>,
  extra: (error: ApiRequestError) => { name: string[]; errors: string[] }[] = () => [],
) {
  const [general, setGeneral] = useState<unknown>(null);

  const apply = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiRequestError)) {
        setGeneral(error);
        return;
      }
      const placed = placeErrors(error.details, fields);
      form.setFields([...placed.fields, ...extra(error)]);
      // The headline stays above the form; only details no field took are listed there.
      setGeneral(
        new ApiRequestError(error.url, error.status, error.code, error.message, placed.rest),
      );
    },
    [form, fields, extra],
  );

  const clear = useCallback(() => setGeneral(null), []);
  return { general, apply, clear };
}
