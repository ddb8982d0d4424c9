"""The tracking screen (Theo dõi báo cáo): requests, intake, figures."""
