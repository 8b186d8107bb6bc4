const dataTypes = ['daily', 'sleep', 'activity', 'body'] as const;

/** The data types a backfill fetches, Daily and Sleep ticked: shared by the Backfills page and the user inspector. */
export function DataTypesFieldset() {
  return (
    <fieldset className="flex flex-wrap gap-4 text-sm">
      <legend className="mb-1 font-medium">Data types</legend>
      {dataTypes.map((type) => (
        <label key={type} className="inline-flex items-center gap-1.5">
          <input type="checkbox" name="dataTypes" value={type} defaultChecked={type === 'daily' || type === 'sleep'} />
          {type}
        </label>
      ))}
    </fieldset>
  );
}
