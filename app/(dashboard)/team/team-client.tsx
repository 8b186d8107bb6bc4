'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { addMemberAction } from './actions/add-member';
import { changeMemberRoleAction } from './actions/change-member-role';
import { removeMemberAction } from './actions/remove-member';

interface MemberRow {
  memberId: string;
  email: string;
  role: string;
  joinedAt: string;
}

type Result = { ok: true; data: unknown } | { ok: false; error: string };

export function TeamClient(props: { members: MemberRow[]; roles: string[]; canManage: boolean; selfId: string }) {
  const { members, roles, canManage, selfId } = props;
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string }>();

  function run(action: () => Promise<Result>, success: string) {
    startTransition(async () => {
      const result = await action();
      setMessage(result.ok ? { tone: 'success', text: success } : { tone: 'error', text: result.error });
    });
  }

  function add(form: FormData) {
    const email = String(form.get('email') ?? '');
    const initialPassword = String(form.get('password') ?? '') || undefined;
    run(() => addMemberAction({ email, role: String(form.get('role')), initialPassword }), `${email} added.`);
  }

  return (
    <div className="flex flex-col gap-6">
      {canManage && (
        <Card title="Add a member" description="A new email signs in with the initial password you set here.">
          <form action={add} className="grid gap-3 sm:grid-cols-[2fr_1fr_2fr_auto] sm:items-end">
            <Field label="Email" htmlFor="member-email">
              <Input id="member-email" name="email" type="email" required />
            </Field>
            <Field label="Role" htmlFor="member-role">
              <Select id="member-role" name="role" defaultValue="developer">
                {roles.map((role) => (
                  <option key={role}>{role}</option>
                ))}
              </Select>
            </Field>
            <Field label="Initial password" htmlFor="member-password">
              <Input id="member-password" name="password" type="password" minLength={10} autoComplete="new-password" />
            </Field>
            <Button type="submit" disabled={pending}>
              Add member
            </Button>
          </form>
        </Card>
      )}
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <Table label="Members">
        <thead>
          <Tr>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Joined</Th>
            {canManage && <Th className="text-right">Actions</Th>}
          </Tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <Tr key={member.memberId} data-testid="member-row">
              <Td>
                {member.email}
                {member.memberId === selfId && <span className="text-muted-foreground"> (you)</span>}
              </Td>
              <Td>
                {canManage ? (
                  <Select
                    aria-label={`Role of ${member.email}`}
                    value={member.role}
                    disabled={pending}
                    onChange={(event) =>
                      run(
                        () => changeMemberRoleAction({ memberId: member.memberId, role: event.target.value }),
                        `${member.email} is now ${event.target.value}.`,
                      )
                    }
                    className="w-36"
                  >
                    {roles.map((role) => (
                      <option key={role}>{role}</option>
                    ))}
                  </Select>
                ) : (
                  member.role
                )}
              </Td>
              <Td>
                <Time value={member.joinedAt} />
              </Td>
              {canManage && (
                <Td className="text-right">
                  <Button
                    variant="danger"
                    disabled={pending}
                    onClick={() => {
                      if (!window.confirm(`Remove ${member.email} from this account?`)) return;
                      run(() => removeMemberAction({ memberId: member.memberId }), `${member.email} removed.`);
                    }}
                  >
                    Remove
                  </Button>
                </Td>
              )}
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
