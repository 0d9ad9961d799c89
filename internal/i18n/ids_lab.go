package i18n

// Messages of the lab's shared context (internal/lab) and of the learner's
// progress file (internal/progress).
const (
	LabNotALab           ID = "lab.not_a_lab"
	LabNoStage           ID = "lab.no_stage"
	LabFileMissing       ID = "lab.file_missing"
	LabStageNotGraded    ID = "lab.stage_not_graded"
	LabStarterLacksEntry ID = "lab.starter_lacks_entry"
	LabRestoreFailed     ID = "lab.restore_failed"
	LabResetFailed       ID = "lab.reset_failed"
	ProgressReadFailed   ID = "progress.read_failed"
	ProgressSaveFailed   ID = "progress.save_failed"
	ProgressNotJSON      ID = "progress.not_json"
	ProgressWrongVersion ID = "progress.wrong_version"
	ProgressSetAside     ID = "progress.set_aside"
	ProgressAsideFailed  ID = "progress.aside_failed"
)
