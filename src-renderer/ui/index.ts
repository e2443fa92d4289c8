/** Shared building blocks for every screen. */
export { Button, type ButtonProps, type ButtonVariant, type ButtonSize } from './Button.js';
export { IconButton, type IconButtonProps } from './IconButton.js';
export { TextField, NumberField, TextArea, FieldFrame, type TextFieldProps } from './TextField.js';
export { Select, type SelectOption } from './Select.js';
export { Checkbox, Switch } from './Checkbox.js';
export { Dialog, type DialogProps } from './Dialog.js';
export { ConfirmDialog, type ConfirmDialogProps } from './ConfirmDialog.js';
export { Badge, type Tone } from './Badge.js';
export { ProgressBar } from './ProgressBar.js';
export { EmptyState } from './EmptyState.js';
export { Spinner, LoadingState } from './Spinner.js';
export { ErrorBanner } from './ErrorBanner.js';
export { Toasts } from './Toasts.js';
export { Tabs, type TabItem } from './Tabs.js';
export * from './icons.js';
export * from './format.js';
export { parseWholeNumber, type ParsedNumber } from './parse-number.js';
export { ScreenHeader } from './ScreenHeader.js';
