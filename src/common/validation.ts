import { Injectable, ValidationPipe, type PipeTransform } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { badInput } from './error-codes';

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? `${prefix ? prefix + '.' : ''}${m}` : `${path}: ${m}`));
    return [...own, ...describe(e.children ?? [], path)];
  });
}

/** class-validator on every input type; failures become BAD_USER_INPUT naming each field. */
export const inputValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const problems = describe(errors);
    return badInput(`Invalid input: ${problems.join('; ')}.`, { problems });
  },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** For ID arguments: a value that is not a UUID cannot name anything. */
@Injectable()
export class UuidPipe implements PipeTransform<string | undefined, string | undefined> {
  transform(value: string | undefined): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !isUuid(value)) {
      throw badInput(`Expected an id (UUID), got ${JSON.stringify(String(value).slice(0, 60))}.`);
    }
    return value.toLowerCase();
  }
}
