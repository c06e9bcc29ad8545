import { zodResolver } from '@hookform/resolvers/zod';
import { RegisterBody } from '@pulso/contracts/auth';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { applyProblem, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { useZodMessages } from '../lib/form';

export const Route = createFileRoute('/register')({ component: Register });

function Register() {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const form = useForm<RegisterBody>({ resolver: zodResolver(RegisterBody) });
  const msg = useZodMessages();
  const submit = form.handleSubmit(async (body) => {
    setError(null);
    try {
      await auth.register(body.name, body.email, body.password);
      await navigate({ to: '/' });
    } catch (err) {
      applyProblem(err, form.setError, ['email', 'password', 'name']);
      setError(err);
    }
  });
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-4 text-xl font-semibold">{t('auth.registerTitle')}</h1>
      <form onSubmit={(e) => void submit(e)} className="space-y-4" noValidate>
        <ProblemMessage error={error} />
        <Field label={t('auth.name')} error={msg(form.formState.errors.name)}>
          <Input autoComplete="name" {...form.register('name')} />
        </Field>
        <Field label={t('auth.email')} error={msg(form.formState.errors.email)}>
          <Input type="email" autoComplete="email" {...form.register('email')} />
        </Field>
        <Field label={t('auth.password')} error={msg(form.formState.errors.password)}>
          <Input type="password" autoComplete="new-password" {...form.register('password')} />
        </Field>
        <Button type="submit" disabled={form.formState.isSubmitting} className="w-full">
          {t('auth.submitRegister')}
        </Button>
      </form>
      <p className="mt-4 text-sm">
        {t('auth.haveAccount')}{' '}
        <Link to="/sign-in" className="text-teal-800 underline">
          {t('auth.submitSignIn')}
        </Link>
      </p>
    </Card>
  );
}
