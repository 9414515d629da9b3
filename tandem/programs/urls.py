from tandem.programs import urls_leaders, urls_roadmap

app_name = "programs"

urlpatterns = [*urls_roadmap.urlpatterns, *urls_leaders.urlpatterns]
