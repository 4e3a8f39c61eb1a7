"use client";
import { Input, NativeSelect } from "@/components/ui/input";
import type { Collection } from "@/trpc/types";
import { describedBy, FormField } from "./form-field";

export const NEW_COLLECTION = "__new__";

type Props = {
  collections: Collection[];
  value: string;
  newTitle: string;
  errors: Record<string, string>;
  onChange: (value: string, newTitle: string) => void;
};

/** An existing collection, or a new one made on submit ("Title" then names it). */
export function CollectionPicker({ collections, value, newTitle, errors, onChange }: Props) {
  const error = errors.readableCollectionId;
  const titleError = errors["collection.name"];
  return (
    <div className="space-y-4">
      <FormField id="collection" label="Collection" help="Connections are grouped in collections." error={error}>
        <NativeSelect
          id="collection"
          value={value}
          onChange={(e) => onChange(e.target.value, newTitle)}
          {...describedBy("collection", true, error)}
        >
          {collections.map((c) => (
            <option key={c.id} value={c.readableId}>
              {c.name} ({c.readableId})
            </option>
          ))}
          <option value={NEW_COLLECTION}>+ Create a new collection…</option>
        </NativeSelect>
      </FormField>
      {value === NEW_COLLECTION ? (
        <FormField
          id="new-collection-title"
          label="Title"
          required
          help="The new collection's name, 4 to 64 characters. Its readable id is made from it."
          error={titleError}
        >
          <Input
            id="new-collection-title"
            value={newTitle}
            onChange={(e) => onChange(value, e.target.value)}
            {...describedBy("new-collection-title", true, titleError)}
          />
        </FormField>
      ) : null}
    </div>
  );
}
