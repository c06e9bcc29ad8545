import type { LoginBody } from '@pulso/contracts/auth';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { OidcSignIn } from '../components/oidc-button';
import { applyProblem, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { lazyResolver, useZodMessages } from '../lib/form';

// The first page of a cold visit: the schema's code must not hold up its first paint (lib/form.ts).
const login = lazyResolver<LoginBody>(async () => {
  const [{ zodResolver }, { LoginBody }] = await Promise.all([
    import('@hookform/resolvers/zod'),
    import('@pulso/contracts/auth'),
  ]);
  return zodResolver(LoginBody);
});

export const Route = createFileRoute('/sign-in')({ component: SignIn });

function SignIn() {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const form = useForm<LoginBody>({ resolver: login.resolver });
  useEffect(() => void login.preload(), []);
  const msg = useZodMessages();
  const submit = form.handleSubmit(async (body) => {
    setError(null);
    try {
      await auth.signIn(body.email, body.password);
      await navigate({ to: '/' });
    } catch (err) {
      applyProblem(err, form.setError, ['email', 'password']);
      setError(err);
    }
  });
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-4 text-xl font-semibold">{t('auth.signInTitle')}</h1>
      <form onSubmit={(e) => void submit(e)} className="space-y-4" noValidate>
        <ProblemMessage error={error} />
        <Field label={t('auth.email')} error={msg(form.formState.errors.email)}>
          <Input type="email" autoComplete="email" {...form.register('email')} />
        </Field>
        <Field label={t('auth.password')} error={msg(form.formState.errors.password)}>
          <Input type="password" autoComplete="current-password" {...form.register('password')} />
        </Field>
        <Button type="submit" disabled={form.formState.isSubmitting} className="w-full">
          {t('auth.submitSignIn')}
        </Button>
      </form>
      <OidcSignIn />
      <p className="mt-4 text-sm">
        {t('auth.noAccount')}{' '}
        <Link to="/register" className="text-teal-800 underline">
          {t('auth.submitRegister')}
        </Link>
      </p>
    </Card>
  );
}
