"""What an app ends with when it hands the terminal to another (see ``tutor.app.launch``)."""

BUILD = "build"                # the course app: b on its list, the build track next
BACK_TO_COURSE = "course"      # the build app: Escape on its list, the course next
