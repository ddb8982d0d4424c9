"""Word output: official documents as .docx in the Decree 30 layout, for offices that edit in Word."""
