import { describe, expect, it } from 'vitest';
import { eventModels, payloadModels } from './names';
import { validateModel } from './validate';

describe('Terra schema validator', () => {
  it.each([...payloadModels, ...eventModels, 'TerraUser'])('knows the %s schema', (name) => {
    expect(() => validateModel(name, {})).not.toThrow();
  });

  it('accepts a minimal Daily and names what is wrong in a broken one', () => {
    const metadata = {
      start_time: '2024-01-01T00:00:00.000000+01:00',
      end_time: '2024-01-02T00:00:00.000000+01:00',
      upload_type: 1,
    };
    expect(validateModel('Daily', { metadata })).toEqual({ valid: true, errors: [] });
    const broken = validateModel('Daily', { metadata: { ...metadata, upload_type: 'auto' } });
    expect(broken.valid).toBe(false);
    expect(broken.errors.join()).toContain('/metadata/upload_type');
  });

  it('refuses an unknown schema name', () => {
    expect(() => validateModel('Nope', {})).toThrow('No Terra schema named Nope');
  });
});
