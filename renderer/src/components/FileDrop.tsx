import { useRef, useState, type DragEvent, type ReactNode } from 'react';

/**
 * A drop area with a hidden file input behind a button: files come from either. The input
 * is cleared after each choice so picking the same file again still counts.
 */
export function FileDrop({
  label,
  accept,
  multiple = false,
  onFiles,
  children,
}: {
  label: string;
  accept?: string;
  multiple?: boolean;
  onFiles: (files: File[]) => void;
  children?: ReactNode;
}): ReactNode {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div
      className={`dropzone${dragging ? ' dragging' : ''}`}
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setDragging(false);
        onFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple={multiple}
        hidden
        aria-label={label}
        onChange={(e) => {
          onFiles(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>
        {label}
      </button>{' '}
      {children}
    </div>
  );
}
