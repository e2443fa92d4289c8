/** Little-endian DICOM value and item encoders shared by the test DICOM writers. */

/** An item (FFFE,E000), item delimiter (E00D) or sequence delimiter (E0DD) tag with its length. */
export function itemTag(element: number, length: number): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(0xfffe, 0);
  header.writeUInt16LE(element, 2);
  header.writeUInt32LE(length, 4);
  return header;
}

/** UI values are padded to even length with NUL, text values with a space. */
export const uid = (value: string) => Buffer.from(value.length % 2 ? `${value}\0` : value, 'latin1');
export const text = (value: string) => Buffer.from(value.length % 2 ? `${value} ` : value, 'latin1');
export const u16 = (value: number) => {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
};
export const u32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
};
