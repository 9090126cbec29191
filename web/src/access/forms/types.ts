import type { CaseCommand, CaseDetail, Landscape, SessionUser } from '../../api-types';
import type { ActionFormProps } from './ActionForm';

/** Props of every action form: the case as read, the region landscape, and the command sender. */
export interface FormProps extends ActionFormProps {
  landscape: Landscape;
  view: CaseDetail;
  user: SessionUser;
  submit: (command: CaseCommand) => Promise<boolean>;
}
