from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "tandem.voice"
    label = "voice"
    verbose_name = "Leading up: initiatives and feedback to one's leaders"

    def ready(self) -> None:
        from tandem.people import pickers
        from tandem.programs.services.responses import meeting_distributed
        from tandem.voice import access, initiatives

        pickers.register("initiative-units", pickers.unit_source(access.writable_units))

        def publish_notes(sender, meeting, recipients, **kwargs) -> None:
            initiatives.meeting_distributed(meeting, recipients)

        meeting_distributed.connect(publish_notes, dispatch_uid="voice-meeting-notes", weak=False)
