import type { AllocationChangeBody, CaseCommand, CaseDetail, Landscape, SessionUser } from '../../api-types';
import type { ActionFormProps } from './ActionForm';

/** Props of every action form: the case as read, the region landscape, and the command sender. */
export interface FormProps extends ActionFormProps {
  landscape: Landscape;
  view: CaseDetail;
  user: SessionUser;
  submit: (command: CaseCommand) => Promise<boolean>;
  /** Change or withdraw an allocation (its own API call: the provider receives a JW301). */
  changeAllocation: (nummer: number, body: AllocationChangeBody) => Promise<boolean>;
}
