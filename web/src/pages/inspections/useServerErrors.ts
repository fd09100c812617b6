import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { ApiRequestError } from '../../api/client';
import { placeDetails } from './model';

/**
 * A form's server errors: details naming one of `fields` go under that
 * field; the headline and the other details stay above the form.
 */
export function useServerErrors(form: FormInstance, fields: readonly string[]) {
  const [general, setGeneral] = useState<unknown>(null);

  const apply = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiRequestError)) {
        setGeneral(error);
        return;
      }
      const placed = placeDetails(error.details, fields);
      form.setFields(placed.fields.map(({ name, errors }) => ({ name, errors })));
      setGeneral(
        new ApiRequestError(error.url, error.status, error.code, error.message, placed.rest),
      );
    },
    [form, fields],
  );
  const clear = useCallback(() => setGeneral(null), []);
  return { general, apply, clear };
}
