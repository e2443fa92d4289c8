/**
 * The attributes of the PS3.15 Basic Application Level Confidentiality Profile (Table E.1-1) that carry no UID
 * and that a whole-slide series may hold, with how a same-length patch blanks them. The file's length cannot
 * change (the plan overlays bytes), so "remove" (X) and "empty" (Z) become a value of spaces — the VRs below are
 * all text, trailing spaces are padding (PS3.5 §6.2), so readers see an empty value. Attributes the WSI IOD makes
 * Type 1 (ContentDate/Time, AcquisitionDateTime, DeviceSerialNumber, ContainerIdentifier, SpecimenIdentifier)
 * get the profile's D action instead: a dummy value that keeps the instance valid ("19000101", "000000", "ANON").
 * UIDs are kept (the profile's Retain UIDs option): new UIDs would change lengths and must agree across the series.
 */
export interface BlankedAttribute {
  name: string;
  /** D: a dummy value; otherwise the value becomes spaces (empty). */
  dummy?: true;
}

const tag = (group: number, element: number) => ((group << 16) | element) >>> 0;

export const BLANKED_ATTRIBUTES: ReadonlyMap<number, BlankedAttribute> = new Map<number, BlankedAttribute>([
  [tag(0x0008, 0x0012), { name: 'InstanceCreationDate' }],
  [tag(0x0008, 0x0013), { name: 'InstanceCreationTime' }],
  [tag(0x0008, 0x0020), { name: 'StudyDate' }],
  [tag(0x0008, 0x0021), { name: 'SeriesDate' }],
  [tag(0x0008, 0x0022), { name: 'AcquisitionDate' }],
  [tag(0x0008, 0x0023), { name: 'ContentDate', dummy: true }],
  [tag(0x0008, 0x002a), { name: 'AcquisitionDateTime', dummy: true }],
  [tag(0x0008, 0x0030), { name: 'StudyTime' }],
  [tag(0x0008, 0x0031), { name: 'SeriesTime' }],
  [tag(0x0008, 0x0032), { name: 'AcquisitionTime' }],
  [tag(0x0008, 0x0033), { name: 'ContentTime', dummy: true }],
  [tag(0x0008, 0x0050), { name: 'AccessionNumber' }],
  [tag(0x0008, 0x0080), { name: 'InstitutionName' }],
  [tag(0x0008, 0x0081), { name: 'InstitutionAddress' }],
  [tag(0x0008, 0x0090), { name: 'ReferringPhysicianName' }],
  [tag(0x0008, 0x0092), { name: 'ReferringPhysicianAddress' }],
  [tag(0x0008, 0x0094), { name: 'ReferringPhysicianTelephoneNumbers' }],
  [tag(0x0008, 0x1010), { name: 'StationName' }],
  [tag(0x0008, 0x1030), { name: 'StudyDescription' }],
  [tag(0x0008, 0x103e), { name: 'SeriesDescription' }],
  [tag(0x0008, 0x1040), { name: 'InstitutionalDepartmentName' }],
  [tag(0x0008, 0x1048), { name: 'PhysiciansOfRecord' }],
  [tag(0x0008, 0x1050), { name: 'PerformingPhysicianName' }],
  [tag(0x0008, 0x1060), { name: 'NameOfPhysiciansReadingStudy' }],
  [tag(0x0008, 0x1070), { name: 'OperatorsName' }],
  [tag(0x0008, 0x1080), { name: 'AdmittingDiagnosesDescription' }],
  [tag(0x0010, 0x0010), { name: 'PatientName' }],
  [tag(0x0010, 0x0020), { name: 'PatientID' }],
  [tag(0x0010, 0x0021), { name: 'IssuerOfPatientID' }],
  [tag(0x0010, 0x0030), { name: 'PatientBirthDate' }],
  [tag(0x0010, 0x0032), { name: 'PatientBirthTime' }],
  [tag(0x0010, 0x0040), { name: 'PatientSex' }],
  [tag(0x0010, 0x1000), { name: 'OtherPatientIDs' }],
  [tag(0x0010, 0x1001), { name: 'OtherPatientNames' }],
  [tag(0x0010, 0x1010), { name: 'PatientAge' }],
  [tag(0x0010, 0x1020), { name: 'PatientSize' }],
  [tag(0x0010, 0x1030), { name: 'PatientWeight' }],
  [tag(0x0010, 0x1040), { name: 'PatientAddress' }],
  [tag(0x0010, 0x2154), { name: 'PatientTelephoneNumbers' }],
  [tag(0x0010, 0x2160), { name: 'EthnicGroup' }],
  [tag(0x0010, 0x4000), { name: 'PatientComments' }],
  [tag(0x0018, 0x1000), { name: 'DeviceSerialNumber', dummy: true }],
  [tag(0x0018, 0x1030), { name: 'ProtocolName' }],
  [tag(0x0018, 0x700a), { name: 'DetectorID' }],
  [tag(0x0020, 0x0010), { name: 'StudyID' }],
  [tag(0x0020, 0x4000), { name: 'ImageComments' }],
  [tag(0x0032, 0x1032), { name: 'RequestingPhysician' }],
  [tag(0x0032, 0x1060), { name: 'RequestedProcedureDescription' }],
  [tag(0x0032, 0x4000), { name: 'StudyComments' }],
  [tag(0x0038, 0x0010), { name: 'AdmissionID' }],
  [tag(0x0040, 0x0244), { name: 'PerformedProcedureStepStartDate' }],
  [tag(0x0040, 0x0245), { name: 'PerformedProcedureStepStartTime' }],
  [tag(0x0040, 0x0253), { name: 'PerformedProcedureStepID' }],
  [tag(0x0040, 0x0254), { name: 'PerformedProcedureStepDescription' }],
  [tag(0x0040, 0x0512), { name: 'ContainerIdentifier', dummy: true }],
  [tag(0x0040, 0x0551), { name: 'SpecimenIdentifier', dummy: true }],
  [tag(0x0040, 0x1001), { name: 'RequestedProcedureID' }],
  [tag(0x0040, 0x2016), { name: 'PlacerOrderNumberImagingServiceRequest' }],
  [tag(0x0040, 0x2017), { name: 'FillerOrderNumberImagingServiceRequest' }],
  [tag(0x0040, 0xa123), { name: 'PersonName' }],
  [tag(0x0040, 0xa160), { name: 'TextValue' }],
]);

/** The text VRs a blanked attribute may have; any other VR there is a layout we do not understand. */
const TEXT_VRS: ReadonlySet<string> = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UT',
  'UN',
]);

export const isTextVr = (vr: string): boolean => TEXT_VRS.has(vr);

/**
 * The replacement for a value of `length` bytes: the VR's dummy (when the attribute needs one and it fits),
 * padded with spaces to exactly `length`.
 */
export function replacementValue(attribute: BlankedAttribute, vr: string, length: number): Buffer {
  const out = Buffer.alloc(length, 0x20);
  if (!attribute.dummy) return out;
  const dummy = DUMMIES[vr] ?? 'ANON';
  const fitting = vr === 'DT' && dummy.length > length ? '19000101' : dummy;
  // A date cut short is not a date: a dummy that does not fit leaves the value empty.
  if (fitting.length <= length || !FIXED_FORMAT.has(vr)) out.write(fitting.slice(0, length), 0, 'latin1');
  return out;
}

const DUMMIES: Readonly<Record<string, string>> = { DA: '19000101', TM: '000000', DT: '19000101000000' };
const FIXED_FORMAT: ReadonlySet<string> = new Set(['DA', 'TM', 'DT']);
