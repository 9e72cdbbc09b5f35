//! The UI's TypeScript types are generated from the Rust types with ts-rs and committed under
//! `ui/src/lib/api/generated`. This test fails when they are stale; run it with
//! `UPDATE_TS_BINDINGS=1` to rewrite them.

use std::path::PathBuf;

use beratungsplaner_core::domain::*;
use beratungsplaner_core::error::{ErrorCode, ErrorPayload};
use ts_rs::{Config, TS};

fn generated_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api/generated")
}

macro_rules! bindings {
    ($($ty:ty),* $(,)?) => {
        {
            // Ids are i64 in Rust but far below 2^53: the UI gets plain numbers, not bigint.
            let cfg = Config::new().with_large_int("number");
            vec![$((<$ty>::ident(&cfg), <$ty>::export_to_string(&cfg).expect("export"))),*]
        }
    };
}

#[test]
fn typescript_bindings_are_current() {
    let types: Vec<(String, String)> = bindings![
        Municipality,
        MunicipalityInput,
        Neighbourhood,
        NeighbourhoodInput,
        MunicipalityNode,
        NeighbourhoodNode,
        FederalState,
        Contact,
        ContactInput,
        ContactKind,
        OrganisationType,
        Participant,
        ParticipantInput,
        Case,
        CaseInput,
        CaseStatus,
        Priority,
        CaseSummary,
        CaseHit,
        CaseFilter,
        CaseDetail,
        JournalEntry,
        JournalInput,
        JournalKind,
        Task,
        TaskInput,
        Dashboard,
        DueItem,
        DueKind,
        Settings,
        RecurrenceKind,
        ExceptionKind,
        SeriesException,
        SeriesInput,
        ConsultationSeries,
        BookingStatus,
        Booking,
        BookingInput,
        SlotStatus,
        OccurrenceKind,
        Slot,
        PreviewState,
        SlotTimes,
        PreviewOccurrence,
        SeriesPreview,
        AppointmentKind,
        AppointmentInput,
        AppointmentStatus,
        Appointment,
        EventFormat,
        EventSession,
        EventInput,
        EventMunicipality,
        EventCase,
        ParticipantCounts,
        Event,
        EventSummary,
        EventParticipantStatus,
        EventParticipant,
        InviteFilter,
        ParticipantsChanged,
        SavedParticipantList,
        EventSheet,
        DuplicateReason,
        DuplicatePair,
        Membership,
        MembershipInput,
        ContactCase,
        ContactEvent,
        ContactProfile,
        NetworkFilter,
        NetworkNodeKind,
        NetworkNode,
        NetworkEdgeKind,
        NetworkEdge,
        NetworkGraph,
        Expert,
        ReportPeriod,
        ReportScope,
        ReportQuery,
        Figure,
        FigureDefinition,
        CaseFigures,
        JournalFigures,
        ConsultationFigures,
        EventFormatFigures,
        ReachFigures,
        MonthFigures,
        TopicFigures,
        StateFigures,
        AdvisorFigures,
        ActivityReport,
        ReportMeasure,
        ReportDrill,
        ReportRecordKind,
        ReportRecord,
        ReportTexts,
        ReportFormat,
        SavedActivityReport,
        MergePreview,
        CalendarQuery,
        CalendarHoliday,
        CalendarView,
        ExportScope,
        ImportAction,
        ImportItem,
        ImportOutcome,
        ImportProgress,
        ExportResult,
        FeedStatus,
        CalDavAccount,
        CalDavCalendar,
        SyncReport,
        SyncProgress,
        SyncStatus,
        SyncField,
        SyncSide,
        ConflictField,
        SyncConflict,
        ConflictResolution,
        TeamConnection,
        TeamStatus,
        TeamSyncReport,
        TeamRefusal,
        TeamProgress,
        TeamConflict,
        TeamDecision,
        TeamChange,
        PrintProfile,
        PrintRequest,
        DossierPreview,
        SavedDossier,
        ContactErasurePreview,
        RecordErasurePreview,
        AccessReportFormat,
        RetentionPreview,
        RetentionCase,
        RetentionRun,
        AuditRecord,
        AuditVerification,
        AuditAction,
        AuditSubjectKind,
        BrokenLink,
        SavedAccessReport,
        Language,
        FieldError,
        FieldErrors,
        ErrorCode,
        ErrorPayload,
    ];
    let update = std::env::var_os("UPDATE_TS_BINDINGS").is_some();
    let dir = generated_dir();
    let mut stale = Vec::new();
    for (name, content) in &types {
        let path = dir.join(format!("{name}.ts"));
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if &current != content {
            if update {
                std::fs::create_dir_all(&dir).expect("create dir");
                std::fs::write(&path, content).expect("write binding");
            } else {
                stale.push(name.clone());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale TypeScript bindings: {stale:?}; run `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner-core --test ts_bindings`"
    );
}
